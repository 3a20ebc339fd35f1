import rule from '../../../../src/lint/rules/dockerfile/yum-assume-yes.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM centos:7\nRUN yum install -y httpd && yum clean all\n',
    { name: '--assumeyes before the subcommand', code: 'FROM centos:7\nRUN yum --assumeyes install httpd\n' },
    { name: 'queries', code: 'FROM centos:7\nRUN yum makecache && yum list installed && yum clean all\n' },
    {
      name: 'configured in yum.conf',
      code: "FROM centos:7\nRUN echo 'assumeyes=1' >> /etc/yum.conf\nRUN yum install httpd\n",
    },
    { name: '--setopt', code: 'FROM centos:7\nRUN yum --setopt=assumeyes=1 install httpd\n' },
  ],
  invalid: [
    {
      code: 'FROM centos:7\nRUN yum install httpd && yum clean all\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 16 }],
      output: 'FROM centos:7\nRUN yum install -y httpd && yum clean all\n',
    },
    {
      name: 'sudo, remove, heredoc',
      code: 'FROM centos:7\nRUN sudo yum remove vim\nRUN <<EOF\nyum -q update\nEOF\n',
      errors: [
        { messageId: 'missing', line: 2, column: 10 },
        { messageId: 'missing', line: 4, column: 1 },
      ],
      output: 'FROM centos:7\nRUN sudo yum remove -y vim\nRUN <<EOF\nyum -q update -y\nEOF\n',
    },
  ],
});
