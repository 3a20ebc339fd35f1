import rule from '../../../../src/lint/rules/dockerfile/yum-clean-all.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM centos:7\nRUN yum install -y httpd && yum clean all\n',
    { name: 'rm of the cache', code: 'FROM centos:7\nRUN yum install -y httpd; rm -rf /var/cache/yum\n' },
    {
      name: 'cache mount',
      code: 'FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd\n',
    },
    {
      name: 'one clean after several installs',
      code: 'FROM centos:7\nRUN yum install -y a && yum install -y b && yum clean all\n',
    },
    {
      name: 'build stage',
      code: 'FROM centos:7 AS build\nRUN yum install -y gcc\nFROM centos:7\nCOPY --from=build /a /a\n',
    },
  ],
  invalid: [
    {
      code: 'FROM centos:7\nRUN yum install -y httpd\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 16 }],
    },
    {
      name: 'clean before the install, and clean of another kind',
      code: 'FROM centos:7\nRUN yum clean all && yum -y update openssl && yum clean packages\n',
      errors: [{ messageId: 'missing', line: 2, column: 22 }],
    },
    {
      name: 'reports the last install only; heredoc',
      code: 'FROM centos:7\nRUN <<EOF\nyum install -y a\nyum install -y b\nEOF\n',
      errors: [{ messageId: 'missing', line: 4, column: 1 }],
    },
  ],
});
