import rule from '../../../../src/lint/rules/compose/healthcheck-test.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

const svc = (hc: string, image = 'example/api:1') =>
  `services:\n  api:\n    image: ${image}\n    healthcheck:\n${hc}`;

composeRuleTester(rule, {
  valid: [
    svc(
      '      test: ["CMD", "curl", "-f", "http://localhost/"]\n      interval: 30s\n      timeout: 5s\n      retries: 3\n',
    ),
    svc('      test: curl -f http://localhost/ || exit 1\n'),
    svc('      test: ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER"]\n'),
    svc('      test: ["NONE"]\n'),
    svc('      disable: true\n'),
    { name: 'single-word CMD', code: svc('      test: ["CMD", "/healthcheck"]\n') },
    {
      name: 'timings only on an image known to define a HEALTHCHECK',
      code: svc('      interval: 10s\n', 'pihole/pihole:2024.07.0'),
    },
    {
      name: 'timings only on a built image',
      code: 'services:\n  api:\n    build: .\n    healthcheck:\n      interval: 10s\n',
      files: { Dockerfile: 'FROM node:20\nHEALTHCHECK CMD node health.js\n' },
    },
    {
      name: 'default timeout with a short interval is not reported',
      code: svc('      test: ["CMD", "/hc"]\n      interval: 5s\n'),
    },
    {
      name: "unparseable durations are the loader's",
      code: svc('      test: ["CMD", "/hc"]\n      interval: soon\n      timeout: 10s\n'),
    },
  ],
  invalid: [
    {
      name: 'whole command line in one CMD item',
      code: svc('      test: ["CMD", "curl -f http://localhost/"]\n'),
      errors: [{ messageId: 'commandInOneString', line: 5, column: 21 }],
      output: svc('      test: ["CMD-SHELL", "curl -f http://localhost/"]\n'),
    },
    {
      name: 'whole command line in one CMD item, block list',
      code: svc('      test:\n        - CMD\n        - wget -qO- http://localhost:8080/health\n'),
      errors: [{ messageId: 'commandInOneString', line: 7 }],
      output: svc('      test:\n        - CMD-SHELL\n        - wget -qO- http://localhost:8080/health\n'),
    },
    {
      name: 'shell operator in exec form',
      code: svc('      test: ["CMD", "curl", "-f", "http://localhost/", "||", "exit", "1"]\n'),
      errors: [{ messageId: 'shellSyntaxInExec', line: 5, column: 56 }],
      output: null,
    },
    {
      name: 'escaped variable in exec form is never expanded',
      code: svc('      test: ["CMD", "pg_isready", "-U", "$${POSTGRES_USER}"]\n'),
      errors: [{ messageId: 'shellSyntaxInExec' }],
      output: null,
    },
    {
      name: 'empty string test',
      code: svc('      test: ""\n'),
      errors: [{ messageId: 'emptyCommand', line: 5 }],
      output: null,
    },
    {
      name: 'CMD-SHELL alone',
      code: svc('      test: ["CMD-SHELL"]\n'),
      errors: [{ messageId: 'emptyCommand' }],
      output: null,
    },
    {
      name: 'unknown kind',
      code: svc('      test: ["curl", "-f", "http://localhost/"]\n'),
      errors: [{ messageId: 'unknownKind', line: 5, column: 14 }],
      output: null,
    },
    {
      name: 'disable with a test',
      code: svc('      test: ["CMD", "/hc"]\n      disable: true\n'),
      errors: [{ messageId: 'disabledWithTest', line: 6, column: 16 }],
      output: null,
    },
    {
      name: 'timings only, image not known to have a HEALTHCHECK',
      code: svc('      interval: 10s\n      retries: 5\n'),
      errors: [{ messageId: 'noTest', line: 4, column: 5 }],
      output: null,
    },
    {
      name: 'timeout equal to the interval',
      code: svc('      test: ["CMD", "/hc"]\n      interval: 10s\n      timeout: 10s\n'),
      errors: [{ messageId: 'timeoutNotBelowInterval', line: 7, column: 16 }],
      output: null,
    },
    {
      name: 'timeout longer than the interval, mixed units',
      code: svc('      test: ["CMD", "/hc"]\n      interval: 500ms\n      timeout: 1m\n      retries: 0\n'),
      errors: [
        { messageId: 'timeoutNotBelowInterval', line: 7 },
        { messageId: 'retriesZero', line: 8 },
      ],
      output: null,
    },
    {
      name: 'test set in an override',
      code: svc('      test: ["CMD", "/hc"]\n'),
      files: {
        'compose.override.yaml':
          'services:\n  api:\n    healthcheck:\n      test: ["CMD", "curl -fs http://localhost/"]\n',
      },
      errors: [{ messageId: 'commandInOneString' }],
      output: null,
    },
  ],
});
