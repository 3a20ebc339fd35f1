import rule from '../../../../src/lint/rules/dockerfile/pip-no-cache-dir.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    {
      name: 'cache mount',
      code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
    },
    {
      name: 'ENV PIP_NO_CACHE_DIR',
      code: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.0\n',
    },
    { name: 'inline env', code: 'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.0\n' },
    {
      name: 'build stage only copied from',
      code: 'FROM python:3.12 AS build\nRUN pip install --prefix=/install flask==3.0.0\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n',
    },
    {
      name: 'cache purged after',
      code: 'FROM python:3.12-slim\nRUN pip install flask==3.0.0 && pip cache purge\n',
    },
    {
      name: 'cache removed after',
      code: 'FROM python:3.12-slim\nRUN pip install flask==3.0.0 && rm -rf ~/.cache/pip\n',
    },
    {
      name: 'pip config set earlier',
      code: 'FROM python:3.12-slim\nRUN pip config set global.no-cache-dir false\nRUN pip install flask==3.0.0\n',
    },
    {
      name: 'uv has its own flags',
      code: 'FROM python:3.12-slim\nRUN uv pip install --system flask==3.0.0\n',
    },
    { name: 'not install', code: 'FROM python:3.12-slim\nRUN pip freeze && pip --version\n' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 16 }],
      output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    },
    {
      name: 'python -m pip and pip3 in a heredoc',
      code: 'FROM python:3.12-slim\nRUN python3 -m pip install -U pip\nRUN <<EOF\npip3 install flask==3.0.0\nEOF\n',
      errors: [
        { messageId: 'missing', line: 2, column: 5, endColumn: 27 },
        { messageId: 'missing', line: 4, column: 1 },
      ],
      output:
        'FROM python:3.12-slim\nRUN python3 -m pip install --no-cache-dir -U pip\nRUN <<EOF\npip3 install --no-cache-dir flask==3.0.0\nEOF\n',
    },
    {
      name: 'both a cache mount and --no-cache-dir (any stage)',
      code: 'FROM python:3.12 AS build\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --no-cache-dir -r requirements.txt\nFROM scratch\n',
      errors: [{ messageId: 'both', line: 3, column: 17, endColumn: 31 }],
      output: null,
    },
    {
      name: 'PIP_NO_CACHE_DIR=0 does not disable the cache',
      code: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=0\nRUN pip install flask==3.0.0\n',
      errors: [{ messageId: 'missing', line: 3, column: 5 }],
      output: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=0\nRUN pip install --no-cache-dir flask==3.0.0\n',
    },
  ],
});
