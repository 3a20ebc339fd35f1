import rule from '../../../../src/lint/rules/dockerfile/oci-label-values.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const from = 'FROM alpine:3.20\n';

ruleTester(rule, {
  valid: [
    `${from}LABEL org.opencontainers.image.source="https://github.com/acme/api" \\\n      org.opencontainers.image.created="2026-11-23T10:00:00Z" \\\n      org.opencontainers.image.revision="3f2a9c1" \\\n      org.opencontainers.image.licenses="(MIT OR Apache-2.0) AND BSD-3-Clause"\n`,
    {
      name: 'other namespaces are not checked',
      code: `${from}LABEL maintainer="" com.example.team=platform\n`,
    },
    {
      name: 'values from build args are known only at build time',
      code: `${from}ARG REV\nLABEL org.opencontainers.image.revision=$REV\n`,
    },
    {
      name: 'git ssh source',
      code: `${from}LABEL org.opencontainers.image.source=git@github.com:acme/api.git\n`,
    },
    { name: 'base digest', code: `${from}LABEL org.opencontainers.image.base.digest=sha256:0123abcd\n` },
  ],
  invalid: [
    {
      code: `${from}LABEL org.opencontainers.image.licence=MIT\n`,
      errors: [
        {
          messageId: 'unknownKey',
          line: 2,
          column: 7,
          message:
            '`org.opencontainers.image.licence` is not an OCI annotation key (did you mean `org.opencontainers.image.licenses`?); registries and scanners will ignore it',
        },
      ],
    },
    {
      code: `${from}LABEL org.opencontainers.image.created="last tuesday" org.opencontainers.image.source=github.com/acme/api\n`,
      errors: [
        { messageId: 'invalid', line: 2, column: 40 },
        { messageId: 'invalid', line: 2, column: 87 },
      ],
    },
    {
      name: 'empty value and a bad revision',
      code: `${from}LABEL org.opencontainers.image.version=""\nLABEL org.opencontainers.image.revision=main\n`,
      errors: [
        { messageId: 'empty', line: 2 },
        { messageId: 'invalid', line: 3 },
      ],
    },
    {
      name: 'not an SPDX expression',
      code: `${from}LABEL org.opencontainers.image.licenses="MIT, Apache 2.0"\n`,
      errors: [{ messageId: 'invalid', line: 2 }],
    },
  ],
});
