import rule from '../../../../src/lint/rules/dockerfile/apt-get-no-install-recommends.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    {
      name: 'flag before the subcommand',
      code: 'FROM debian:12\nRUN apt-get --no-install-recommends -y install curl\n',
    },
    {
      name: 'apt config option',
      code: 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false -y install curl\n',
    },
    {
      name: 'attached -o value',
      code: 'FROM debian:12\nRUN apt-get -oAPT::Install-Recommends=0 -y install curl\n',
    },
    {
      name: 'configured in apt.conf.d earlier',
      code: 'FROM debian:12\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/90norec\nRUN apt-get install -y curl\n',
    },
    {
      name: 'simulation',
      code: 'FROM debian:12\nRUN if apt-get install -s x > /dev/null; then echo y; fi\n',
    },
    { name: 'other subcommands', code: 'FROM debian:12\nRUN apt-get remove -y vim && apt-get -y upgrade\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 23, endColumn: 38 }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
    },
    {
      name: 'sudo, continuation and a recommends=true option',
      code: 'FROM debian:12\nRUN sudo apt-get -o APT::Install-Recommends=true \\\n  install -y curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 10, endLine: 3, endColumn: 10 }],
      output:
        'FROM debian:12\nRUN sudo apt-get -o APT::Install-Recommends=true \\\n  install --no-install-recommends -y curl\n',
    },
    {
      name: 'heredoc',
      code: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get install -y git\nEOF\n',
      errors: [{ messageId: 'missing', line: 4, column: 1 }],
      output: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get install --no-install-recommends -y git\nEOF\n',
    },
  ],
});
