import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineComposeRule } from '../../engine/compose.js';
import { gitRoot, isIgnored, isTracked } from '../support/compose-sec-git.js';
import { isSecretVariable, isTrivialValue, mask, unquote } from '../support/compose-sec-util.js';
import { isKeyFingerprint, tokenFormat } from '../support/security-secrets.js';

interface Entry {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** `KEY=value` lines of a dotenv file (the values as written; enough for detection). */
function entries(text: string): Entry[] {
  const out: Entry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) return;
    let value = m[2]!;
    if (!/^["']/.test(value)) value = value.replace(/\s+#.*$/, '');
    out.push({ name: m[1]!, value: unquote(value), line: i + 1 });
  });
  return out;
}

export default defineComposeRule({
  name: 'dotenv-secrets',
  meta: {
    description:
      'A `.env` file with real credentials must not be committed: add it to `.gitignore`, commit a `.env.example` instead, and use `secrets:`',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      tracked:
        '`.env` (line {{line}}) holds {{what}} `{{name}}` ({{masked}}) and is committed to git; remove it from the repository (`git rm --cached .env`), ignore it, and rotate the credential',
      notIgnored:
        '`.env` (line {{line}}) holds {{what}} `{{name}}` ({{masked}}) and `.gitignore` does not ignore it; add `.env` to `.gitignore` and commit a `.env.example`',
    },
    spec: '02-production-self-check: Secrets are not baked into images or committed; they come from a secret store or runtime injection',
  },
  create(context) {
    return {
      projectExit() {
        const dir = context.project.projectDir;
        const file = join(dir, '.env');
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          return;
        }
        const root = gitRoot(dir);
        if (!root) return; // not in a repository: a local .env is where Compose expects such values
        const tracked = isTracked(root, file);
        if (!tracked && isIgnored(root, file)) return;
        for (const entry of entries(text)) {
          const kind = tokenFormat(entry.value);
          const byName =
            isSecretVariable(entry.name) &&
            !isTrivialValue(entry.value) &&
            !isKeyFingerprint(entry.name, entry.value);
          if (!kind && !byName) continue;
          // Point at the first place a compose file uses the variable, else at the top of the main file.
          let where: { file: string; range: { start: number; end: number } } | undefined;
          const use = new RegExp(`\\$\\{?${entry.name.replace(/[.-]/g, '\\$&')}(?![A-Za-z0-9_])`);
          for (const f of context.project.files) {
            const m = use.exec(f.source.text);
            if (m) {
              where = { file: f.path, range: { start: m.index, end: m.index + m[0].length } };
              break;
            }
          }
          context.report({
            ...(where ? { where } : { path: [] }),
            messageId: tracked ? 'tracked' : 'notIgnored',
            data: {
              line: entry.line,
              name: entry.name,
              what: kind ? `a ${kind} in` : 'a credential in',
              masked: mask(entry.value),
            },
          });
        }
      },
    };
  },
});
