import rule from '../../../../src/lint/rules/dockerfile/dnf-assume-yes.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n',
    {
      name: 'microdnf with -y',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y tar && microdnf clean all\n',
    },
    { name: 'queries', code: 'FROM fedora:40\nRUN dnf makecache && dnf repoquery x\n' },
    { name: 'yes piped', code: 'FROM fedora:40\nRUN yes | dnf install httpd\n' },
  ],
  invalid: [
    {
      code: 'FROM fedora:40\nRUN dnf install httpd\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 16 }],
      output: 'FROM fedora:40\nRUN dnf install -y httpd\n',
    },
    {
      name: 'microdnf and dnf group install over a continuation',
      code: 'FROM fedora:40\nRUN microdnf install tar \\\n && dnf group install "Development Tools"\n',
      errors: [
        { messageId: 'missing', line: 2, column: 5 },
        { messageId: 'missing', line: 3, column: 5 },
      ],
      output:
        'FROM fedora:40\nRUN microdnf install -y tar \\\n && dnf group -y install "Development Tools"\n',
    },
  ],
});
