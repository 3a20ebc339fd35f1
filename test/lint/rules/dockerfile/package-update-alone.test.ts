import rule from '../../../../src/lint/rules/dockerfile/package-update-alone.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    { name: 'apk', code: 'FROM alpine:3.20\nRUN apk update && apk add curl\n' },
    { name: 'yum makecache then install', code: 'FROM centos:7\nRUN yum makecache && yum install -y git\n' },
    { name: 'zypper', code: 'FROM opensuse/leap:15\nRUN zypper ref && zypper -n in git\n' },
    {
      name: 'install in a heredoc of the same RUN',
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n',
    },
    { name: 'helper script installs', code: 'FROM debian:12\nRUN apt-get update && ./install-deps.sh\n' },
    {
      name: 'install_packages helper',
      code: 'FROM debian:12\nRUN apt-get update && install_packages curl\n',
    },
    {
      name: 'xargs apt-get install',
      code: 'FROM debian:12\nRUN apt-get update && cat pkgs.txt | xargs apt-get install -y\n',
    },
    {
      name: 'apt-cache uses the lists',
      code: 'FROM debian:12\nRUN apt-get update && apt-cache policy nginx\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n',
      errors: [{ messageId: 'alone', line: 2, column: 5, endColumn: 19 }],
    },
    {
      name: 'apk and a heredoc',
      code: 'FROM alpine:3.20\nRUN <<EOF\napk update\necho done\nEOF\n',
      errors: [{ messageId: 'alone', line: 3, column: 1 }],
    },
    {
      name: 'sudo and dnf makecache',
      code: 'FROM fedora:40\nRUN sudo dnf makecache\n',
      errors: [{ messageId: 'alone', line: 2, column: 10 }],
    },
  ],
});
