import rule from '../../../../src/lint/rules/dockerfile/apt-get-pin-versions.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\n',
    {
      name: 'variable version',
      code: 'FROM debian:12\nARG V=1\nRUN apt-get install -y "nginx=$V" $EXTRA_PACKAGES\n',
    },
    {
      name: 'local .deb and release pin',
      code: 'FROM debian:12\nRUN apt-get install -y ./pkg.deb curl/bookworm-backports\n',
    },
    {
      name: '-t value is not a package',
      code: 'FROM debian:12\nRUN apt-get install -y -t bookworm-backports curl=8.5.0-2\n',
    },
    {
      name: '-o value is not a package',
      code: 'FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold install -y a=1\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1 ca-certificates\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 54, endColumn: 69 }],
    },
    {
      name: 'continuation, sudo and heredoc',
      code: 'FROM debian:12\nRUN sudo apt-get install -y \\\n    git\nRUN <<EOF\napt-get install -y make\nEOF\n',
      errors: [
        { messageId: 'unpinned', line: 3, column: 5 },
        { messageId: 'unpinned', line: 5, column: 20 },
      ],
    },
  ],
});
