import rule from '../../../../src/lint/rules/dockerfile/missing-oci-labels.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const full =
  'LABEL org.opencontainers.image.source="https://github.com/o/r" \\\n  org.opencontainers.image.version="1.2.3" \\\n  org.opencontainers.image.revision="abc" \\\n  org.opencontainers.image.licenses="MIT"\n';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nLABEL org.opencontainers.image.source="https://github.com/o/r"\n',
    { name: 'hardened, all four', code: `FROM alpine:3.20\n${full}`, settings: { profile: 'hardened' } },
    {
      name: 'label in the base stage',
      code: 'FROM alpine:3.20 AS base\nLABEL org.opencontainers.image.source=https://x\nFROM base\nRUN true\n',
    },
    {
      name: 'configured set',
      code: 'FROM alpine:3.20\nLABEL team=payments\n',
      settings: { requiredLabels: ['team'] },
    },
    {
      name: 'key from an ARG',
      code: 'FROM alpine:3.20\nARG P=org.opencontainers.image\nLABEL $P.source=https://x\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN true\n',
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 1,
          endColumn: 5,
          message:
            'The final image has no org.opencontainers.image.source label; add LABEL org.opencontainers.image.source=…',
        },
      ],
    },
    {
      name: 'label only in a build stage',
      code: 'FROM alpine:3.20 AS b\nLABEL org.opencontainers.image.source=https://x\nFROM scratch\nCOPY --from=b /x /x\n',
      errors: [{ messageId: 'missing', line: 3 }],
    },
    {
      name: 'hardened needs four',
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://x org.opencontainers.image.licenses=MIT\n',
      settings: { profile: 'hardened' },
      errors: [
        {
          messageId: 'missing',
          line: 1,
          message:
            'The final image has no org.opencontainers.image.version, org.opencontainers.image.revision labels; add LABEL org.opencontainers.image.version=… org.opencontainers.image.revision=…',
        },
      ],
    },
    {
      name: 'configured set',
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://x\n',
      settings: { requiredLabels: ['team'] },
      errors: [{ messageId: 'missing', line: 1 }],
    },
  ],
});
