import rule from '../../../../src/lint/rules/dockerfile/dnf-pin-versions.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n',
    { name: 'module stream', code: 'FROM fedora:40\nRUN dnf module install -y nodejs:20\n' },
    { name: 'comparison', code: 'FROM fedora:40\nRUN dnf install -y "git >= 2.40"\n' },
  ],
  invalid: [
    {
      code: 'FROM fedora:40\nRUN microdnf install -y tar gzip-1.12\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 25, endColumn: 28 }],
    },
    {
      name: 'heredoc and sudo',
      code: 'FROM fedora:40\nRUN <<EOF\nsudo dnf install -y gcc-c++\nEOF\n',
      errors: [{ messageId: 'unpinned', line: 3, column: 21 }],
    },
  ],
});
