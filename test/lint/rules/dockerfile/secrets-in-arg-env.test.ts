import rule from '../../../../src/lint/rules/dockerfile/secrets-in-arg-env.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

/** BuildKit's own test (frontend/dockerfile/dockerfile_lint_test.go, testSecretsUsedInArgOrEnv). */
const BUILDKIT_CASE =
  '# check=skip=InvalidDefinitionDescription\n\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\nARG SECRET_PASSPHRASE_FILE\nENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION\n';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nARG VERSION=1.2\nENV PUBLIC_KEY=abc MONKEY=1 KEYBOARD=us\n',
    {
      name: 'allowed tokens',
      code: 'FROM alpine:3.20\nARG SECRET_FILE=/run/secrets/x\nENV AUTH_MODULE_VERSION=2 TOKEN_FILE=/t\n',
    },
    {
      name: 'GPG key fingerprint (official python images)',
      code: 'FROM debian:12\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\nARG PGP_KEYS="A035C8C19219BA821ECEA86B64E628F8D684696D 0x8B7F6C3A"\n',
    },
    { name: 'global ARG name only reaches FROM', code: 'ARG NPM_TOKEN\nFROM alpine:3.20\n' },
    {
      name: 'a URL without a password',
      code: 'FROM alpine:3.20\nENV DB_URL=postgres://app@db:5432/app PROXY=http://proxy:3128\n',
    },
    {
      name: 'password in a URL from a variable',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a template
      code: 'FROM alpine:3.20\nARG DB_PASS\nENV DB_URL=postgres://app:${DB_PASS}@db/app\n',
    },
  ],
  invalid: [
    {
      name: 'BuildKit check case (suppressed lines excluded)',
      code: BUILDKIT_CASE,
      errors: [
        { messageId: 'name', line: 4, column: 5 },
        { messageId: 'name', line: 5, column: 5 },
        { messageId: 'name', line: 6, column: 5 },
        { messageId: 'name', line: 6, column: 18 },
        { messageId: 'name', line: 7, column: 5 },
        { messageId: 'name', line: 7, column: 34 },
        { messageId: 'name', line: 8, column: 5 },
        { messageId: 'name', line: 9, column: 5 },
      ],
    },
    {
      name: 'AWS key value under an innocent name',
      code: 'FROM alpine:3.20\nENV AWS_REGION=us-east-1 BOOTSTRAP=AKIAIOSFODNN7EXAMPLE\n',
      errors: [{ messageId: 'value', line: 2, column: 36 }],
    },
    {
      name: 'value wins over name (one finding per key)',
      code: 'FROM alpine:3.20\nARG GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\n',
      errors: [{ messageId: 'value', line: 2, column: 18 }],
    },
    {
      name: 'global ARG value is still checked',
      code: 'ARG NPM_AUTH=npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\nFROM alpine:3.20\n',
      errors: [{ messageId: 'value', line: 1 }],
    },
    {
      name: 'password in a URL, legacy ENV form, build stage',
      code: 'FROM alpine:3.20 AS build\nENV DATABASE_URL postgres://app:s3cr3t@db:5432/app\nFROM alpine:3.20\n',
      errors: [{ messageId: 'value', line: 2, column: 18 }],
    },
    {
      name: 'GPG name with a non-fingerprint value',
      code: 'FROM debian:12\nENV GPG_KEY=/keys/signing.asc\n',
      errors: [{ messageId: 'name', line: 2, column: 5 }],
    },
    {
      name: 'private key header',
      code: 'FROM alpine:3.20\nENV SSH_PRIVATE="-----BEGIN OPENSSH PRIVATE KEY-----"\n',
      errors: [{ messageId: 'value', line: 2 }],
    },
    {
      name: 'GitLab token and a JWT',
      code: 'FROM alpine:3.20\nENV CI_JOB=glpat-abcdefghij0123456789 \\\n    SESSION=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\n',
      errors: [
        { messageId: 'value', line: 2 },
        { messageId: 'value', line: 3 },
      ],
    },
  ],
});
