import rule from '../../../../src/lint/rules/dockerfile/yum-pin-versions.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM centos:7\nRUN yum install -y httpd-2.4.6-99.el7 && yum clean all\n',
    {
      name: 'rpm files, groups, variables',
      code: 'FROM centos:7\nRUN yum install -y /tmp/x.rpm https://e.com/y.rpm @core $PKGS\n',
    },
    { name: 'groupinstall', code: 'FROM centos:7\nRUN yum groupinstall -y "Development Tools"\n' },
  ],
  invalid: [
    {
      code: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 python3-devel && yum clean all\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 32, endColumn: 45 }],
    },
    {
      name: '--enablerepo value is not a package',
      code: 'FROM centos:7\nRUN yum --enablerepo epel install -y jq\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 38 }],
    },
  ],
});
