import rule from '../../../../src/lint/rules/dockerfile/pip-pin-versions.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 "uvicorn[standard]==0.30.1"\n',
    {
      name: 'requirements and editable',
      code: 'FROM python:3.12-slim\nRUN pip install -r requirements.txt -e . && pip install .\n',
    },
    {
      name: 'constraints file pins the rest',
      code: 'FROM python:3.12-slim\nRUN pip install -c constraints.txt flask\n',
    },
    {
      name: 'paths, wheels, URLs',
      code: 'FROM python:3.12-slim\nRUN pip install ./pkg /wheels/x-1.0-py3-none-any.whl https://e.com/a.tar.gz\n',
    },
    {
      name: 'VCS with a ref',
      code: 'FROM python:3.12-slim\nRUN pip install git+https://github.com/o/r.git@v1.2#egg=r\n',
    },
    {
      name: 'compatible release and two-sided range',
      code: 'FROM python:3.12-slim\nRUN pip install "django~=5.0" "numpy>=1.26,<2"\n',
    },
    {
      name: 'local wheelhouse',
      code: 'FROM python:3.12-slim\nRUN pip install --no-index --find-links /wheels flask\n',
    },
    { name: 'variables', code: 'FROM python:3.12-slim\nRUN pip install $PKGS "flask==$V"\n' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 gunicorn\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 45, endColumn: 53 }],
    },
    {
      name: 'lower bound only; python -m pip; -U pip',
      code: 'FROM python:3.12-slim\nRUN python -m pip install -U pip "requests>=2"\n',
      errors: [
        { messageId: 'unpinned', line: 2, column: 30 },
        { messageId: 'range', line: 2, column: 34 },
      ],
    },
    {
      name: 'VCS without a ref; extra package next to -r',
      code: 'FROM python:3.12-slim\nRUN pip install -r req.txt git+https://github.com/o/r.git\n',
      errors: [{ messageId: 'vcs', line: 2, column: 28 }],
    },
  ],
});
