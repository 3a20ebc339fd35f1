import rule from '../../../../src/lint/rules/dockerfile/use-apt-get.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl && apt-cache policy curl\n',
    {
      name: 'apt-key and apt-mark are other tools',
      code: 'FROM debian:12\nRUN apt-mark hold x && apt-key list\n',
    },
    { name: 'the word in an argument', code: 'FROM debian:12\nRUN echo apt install x\n' },
    { name: 'JSON form', code: 'FROM debian:12\nRUN ["apt", "install", "-y", "x"]\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt update && apt install -y curl\n',
      errors: [
        { messageId: 'useAptGet', line: 2, column: 5, endColumn: 15 },
        { messageId: 'useAptGet', line: 2, column: 19, endColumn: 30 },
      ],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'search goes to apt-cache; sudo and full path; heredoc',
      code: 'FROM debian:12\nRUN sudo /usr/bin/apt search curl\nRUN <<EOF\napt-get update\napt -y remove vim\nEOF\n',
      errors: [
        { messageId: 'useAptGet', line: 2, column: 10 },
        { messageId: 'useAptGet', line: 5, column: 1 },
      ],
      output:
        'FROM debian:12\nRUN sudo /usr/bin/apt-cache search curl\nRUN <<EOF\napt-get update\napt-get -y remove vim\nEOF\n',
    },
    {
      name: 'subcommand without an apt-get equivalent is reported without a fix',
      code: 'FROM debian:12\nRUN apt list --installed\n',
      errors: [{ messageId: 'useAptGetGeneric', line: 2, column: 5, endColumn: 8 }],
      output: 'FROM debian:12\nRUN apt list --installed\n',
    },
  ],
});
