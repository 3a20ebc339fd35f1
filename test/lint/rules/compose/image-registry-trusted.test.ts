// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import rule from '../../../../src/lint/rules/compose/image-registry-trusted.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

const settings = { trustedRegistries: ['docker.io', 'ghcr.io/acme'] };

composeRuleTester(rule, {
  valid: [
    { name: 'silent without trustedRegistries', code: 'services:\n  a:\n    image: quay.io/x/y:1\n' },
    {
      code: 'services:\n  a:\n    image: postgres:16\n  b:\n    image: ghcr.io/acme/api:1.2\n  c:\n    image: index.docker.io/library/redis:7\n',
      settings,
    },
    {
      name: 'image naming a local build',
      code: 'services:\n  a:\n    build: .\n    image: registry.acme.internal/app:1\n',
      files: { Dockerfile: 'FROM alpine:3.20\n' },
      settings,
    },
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    image: quay.io/prometheus/node-exporter:v1.8.2\n  b:\n    image: ghcr.io/other/api:1\n',
      settings,
      errors: [
        {
          messageId: 'untrusted',
          line: 3,
          column: 12,
          message:
            'Service `a` pulls `quay.io/prometheus/node-exporter:v1.8.2` from `quay.io`, which is not a trusted registry (docker.io, ghcr.io/acme)',
        },
        { messageId: 'untrusted', line: 5, column: 12 },
      ],
    },
    {
      name: 'retired registry, even with no trusted list',
      code: 'services:\n  a:\n    image: k8s.gcr.io/pause:3.2\n',
      errors: [{ messageId: 'retired', line: 3, column: 12 }],
    },
    {
      name: 'interpolated image and a build that pulls first',
      code: 'services:\n  a:\n    image: ${REGISTRY}/app:1\n  b:\n    build: .\n    image: registry.acme.internal/b:1\n    pull_policy: always\n',
      files: { Dockerfile: 'FROM alpine:3.20\n' },
      env: { REGISTRY: 'registry.acme.internal' },
      settings,
      errors: [
        { messageId: 'untrusted', line: 3, column: 12 },
        { messageId: 'untrusted', line: 6, column: 12 },
      ],
    },
  ],
});
