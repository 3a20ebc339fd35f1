import rule from '../../../../src/lint/rules/dockerfile/pip-trusted-host.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir --index-url https://pypi.internal/simple flask==3.0.3\n',
    {
      name: 'https index env',
      code: 'FROM python:3.12-slim\nENV PIP_INDEX_URL=https://pypi.internal/simple\n',
    },
    { name: 'not pip', code: 'FROM python:3.12-slim\nRUN echo --trusted-host x\n' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN pip install --trusted-host pypi.internal -r req.txt\n',
      errors: [{ messageId: 'trustedHost', line: 2, column: 17, endColumn: 31 }],
    },
    {
      name: 'extra index and http index; python -m pip',
      code: 'FROM python:3.12-slim\nRUN python -m pip install -i http://mirror/simple --extra-index-url=https://x/simple a==1\n',
      errors: [
        { messageId: 'plainHttp', line: 2, column: 30 },
        { messageId: 'extraIndex', line: 2, column: 51 },
      ],
    },
    {
      name: 'ENV and pip config',
      code: 'FROM python:3.12-slim\nENV PIP_TRUSTED_HOST=pypi.internal PIP_EXTRA_INDEX_URL=https://x\nRUN pip config set global.trusted-host pypi.internal\n',
      errors: [
        { messageId: 'trustedHost', line: 2, column: 5 },
        { messageId: 'extraIndex', line: 2, column: 36 },
        { messageId: 'trustedHost', line: 3, column: 20 },
      ],
    },
  ],
});
