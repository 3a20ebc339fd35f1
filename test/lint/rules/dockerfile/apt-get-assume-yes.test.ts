import rule from '../../../../src/lint/rules/dockerfile/apt-get-assume-yes.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    'FROM debian:12\nRUN apt-get install --yes curl && apt-get -qy purge x\n',
    {
      name: '--assume-yes and -qq',
      code: 'FROM debian:12\nRUN apt-get --assume-yes install curl && apt-get -qq remove vim\n',
    },
    {
      name: '-q=2 and -o option',
      code: 'FROM debian:12\nRUN apt-get -q=2 install a && apt-get -o APT::Get::Assume-Yes=true install b\n',
    },
    {
      name: 'simulation',
      code: 'FROM debian:12\nRUN if apt-get install -s "pkg-$V" > /dev/null 2>&1; then echo ok; fi\n',
    },
    { name: 'yes piped in', code: 'FROM debian:12\nRUN yes | apt-get install curl\n' },
    {
      name: 'read-only subcommands',
      code: 'FROM debian:12\nRUN apt-get update && apt-get clean && apt-get download x\n',
    },
    {
      name: 'configured in apt.conf.d earlier',
      code: 'FROM debian:12\nRUN echo \'APT::Get::Assume-Yes "true";\' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n',
    },
    {
      name: 'JSON form is not parsed as shell',
      code: 'FROM debian:12\nRUN ["apt-get", "install", "curl"]\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 23, endColumn: 38 }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'DEBIAN_FRONTEND is not a substitute; sudo wrapper; continuation',
      code: 'FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive sudo apt-get \\\n    install --no-install-recommends curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 41, endLine: 3, endColumn: 12 }],
      output:
        'FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive sudo apt-get \\\n    install -y --no-install-recommends curl\n',
    },
    {
      name: 'single -q is not enough; remove and dist-upgrade',
      code: 'FROM debian:12\nRUN apt-get -q remove vim; apt-get dist-upgrade\n',
      errors: [
        { messageId: 'missing', line: 2, column: 5 },
        { messageId: 'missing', line: 2, column: 28 },
      ],
      output: 'FROM debian:12\nRUN apt-get -q remove -y vim; apt-get dist-upgrade -y\n',
    },
    {
      name: 'heredoc',
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install curl\nEOF\n',
      errors: [{ messageId: 'missing', line: 4, column: 1 }],
      output: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n',
    },
    {
      name: 'configuration in an unrelated stage does not count',
      code: 'FROM debian:12 AS a\nRUN echo \'APT::Get::Assume-Yes "true";\' > /etc/apt/apt.conf.d/90yes\nFROM debian:12\nRUN apt-get install curl\n',
      errors: [{ messageId: 'missing', line: 4, column: 5 }],
      output:
        'FROM debian:12 AS a\nRUN echo \'APT::Get::Assume-Yes "true";\' > /etc/apt/apt.conf.d/90yes\nFROM debian:12\nRUN apt-get install -y curl\n',
    },
    {
      name: 'apt too',
      code: 'FROM debian:12\nRUN apt install curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 5 }],
      output: 'FROM debian:12\nRUN apt install -y curl\n',
    },
  ],
});
