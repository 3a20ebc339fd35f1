import rule from '../../../../src/lint/rules/dockerfile/dnf-clean-all.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n',
    {
      name: 'microdnf',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y tar && microdnf clean all\n',
    },
    {
      name: 'cache mount',
      code: 'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd\n',
    },
    { name: 'rm', code: 'FROM fedora:40\nRUN dnf install -y httpd && rm -rf /var/cache/dnf/*\n' },
  ],
  invalid: [
    {
      code: 'FROM fedora:40\nRUN dnf install -y httpd\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 16 }],
    },
    {
      name: 'microdnf message names microdnf',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y tar\n',
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 5,
          message:
            '`microdnf install` leaves the package cache in this layer; end the RUN with `microdnf clean all` (or mount a cache on /var/cache/yum)',
        },
      ],
    },
  ],
});
