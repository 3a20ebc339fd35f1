// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import rule from '../../../../src/lint/rules/compose/dotenv-secrets.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

const code =
  'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n';
const dotenv = '# local settings\nCOMPOSE_PROJECT_NAME=shop\nDB_PASSWORD=Sup3r-s3cret\nDEBUG=true\n';
/** A `.git` file pointing at the project folder, whose `index` lists `.env` (flags = path length 4). */
const trackedRepo = { '.git': 'gitdir: .\n', index: '\u0000\u0004.env\u0000' };

composeRuleTester(rule, {
  valid: [
    { name: 'not in a git repository', code, files: { '.env': dotenv } },
    {
      name: 'ignored',
      code,
      files: { '.env': dotenv, '.git': 'gitdir: x\n', '.gitignore': 'node_modules/\n.env\n' },
    },
    {
      name: 'ignored by a wildcard',
      code,
      files: { '.env': dotenv, '.git': 'gitdir: x\n', '.gitignore': '*.env\n' },
    },
    {
      name: 'no credentials in it',
      code,
      files: { '.env': 'COMPOSE_PROJECT_NAME=shop\nDB_PASSWORD=\nTAG=1.2\n', '.git': 'gitdir: x\n' },
    },
  ],
  invalid: [
    {
      name: 'in a repository without .gitignore: points at the use',
      code,
      files: { '.env': dotenv, '.git': 'gitdir: x\n' },
      errors: [
        {
          messageId: 'notIgnored',
          line: 5,
          column: 26,
          message:
            '`.env` (line 3) holds a credential in `DB_PASSWORD` (Su********) and `.gitignore` does not ignore it; add `.env` to `.gitignore` and commit a `.env.example`',
        },
      ],
    },
    {
      name: 'un-ignored again, unused token',
      code,
      files: {
        '.env': 'GITHUB=ghp_abcdefghijklmnopqrstuvwxyz0123456789AB\n',
        '.git': 'gitdir: x\n',
        '.gitignore': '.env*\n!.env\n',
      },
      errors: [{ messageId: 'notIgnored', line: 1, column: 1 }],
    },
    {
      name: 'committed, although ignored now',
      code,
      files: { '.env': dotenv, ...trackedRepo, '.gitignore': '.env\n' },
      errors: [{ messageId: 'tracked', line: 5, column: 26 }],
    },
  ],
});
