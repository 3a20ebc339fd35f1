import rule from '../../../../src/lint/rules/dockerfile/package-upgrade.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    {
      name: 'targeted upgrades',
      code: 'FROM debian:12\nRUN apt-get install -y --only-upgrade openssl && apt-get upgrade -y libssl3\n',
    },
    { name: 'yum update of a package', code: 'FROM centos:7\nRUN yum update -y openssl && yum clean all\n' },
    { name: 'apk upgrade of a package', code: 'FROM alpine:3.20\nRUN apk upgrade --no-cache openssl\n' },
    {
      name: 'apt-get update is not an upgrade',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y x\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get -y upgrade\n',
      errors: [{ messageId: 'upgrade', line: 2, column: 23, endColumn: 41 }],
    },
    {
      name: 'dist-upgrade, apk, dnf, zypper',
      code: 'FROM debian:12\nRUN apt-get dist-upgrade -y\nRUN apk upgrade --no-cache\nRUN dnf -y update\nRUN zypper -n dup\n',
      errors: [
        { messageId: 'upgrade', line: 2, column: 5 },
        { messageId: 'upgrade', line: 3, column: 5 },
        { messageId: 'upgrade', line: 4, column: 5 },
        { messageId: 'upgrade', line: 5, column: 5 },
      ],
    },
    {
      name: 'heredoc and sudo',
      code: 'FROM fedora:40\nRUN <<EOF\nsudo yum upgrade -y\nEOF\n',
      errors: [{ messageId: 'upgrade', line: 3, column: 6 }],
    },
  ],
});
