import { allInstructions, instructionLocation } from '../project.js';
import type { Detector, Finding, LogLine, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { finding, rangesOf, SECRET_ASSIGN, TOKEN_PATTERNS } from '../util.js';

/** Lines that show image metadata or build instructions (where an assignment is baked in). */
const LAYER_CONTEXT =
  /#\(nop\)|\|\d+ \S+=|^\s*(?:ENV|ARG) |\bENV |\bARG |--build-arg|^\s*"[A-Za-z0-9_]+=|\/bin\/sh -c /;
const SENSITIVE_FILE =
  /(?:COPY|ADD) (?:file|dir):\S+ in (\S*(?:\/\.env|id_rsa|id_ed25519|\.npmrc|\.pypirc|\.netrc|\.aws\/credentials|\.git-credentials|\.docker\/config\.json)\S*)/;
const CHECK =
  /SecretsUsedInArgOrEnv|Do not use ARG or ENV instructions for sensitive data \((?:ARG|ENV) "([^"]+)"\)/;

export const secretInLayers: Detector = {
  situation: 'secret-in-layers',
  title: 'Secret leaked in image layers',
  docs: 'https://docs.docker.com/build/building/secrets/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const hits: { line: LogLine; name: string; kind: 'token' | 'assign' | 'file' | 'check' }[] = [];
    for (const line of log.lines) {
      if (line.redraw) continue;
      const check = CHECK.exec(line.body);
      if (check) {
        hits.push({
          line,
          name: check[1] ?? /\(?(?:ARG|ENV) "([^"]+)"/.exec(line.body)?.[1] ?? 'secret',
          kind: 'check',
        });
        continue;
      }
      const token = TOKEN_PATTERNS.map((re) => new RegExp(re.source).exec(line.body)).find((m) => m);
      if (token && (LAYER_CONTEXT.test(line.body) || line.step || log.inspect)) {
        const variable = new RegExp(`([A-Za-z_][A-Za-z0-9_]*)=["']?${token[0]}`).exec(line.body)?.[1];
        hits.push({ line, name: variable ?? `${token[0].slice(0, 4)}… token`, kind: 'token' });
        continue;
      }
      if (LAYER_CONTEXT.test(line.body) || (log.inspect && /^\s*"/.test(line.text))) {
        for (const m of line.body.matchAll(new RegExp(SECRET_ASSIGN.source, 'gi'))) {
          const value = m[4]!;
          if (/^\$\{?\w+\}?$/.test(value) || /^<|^\*+$|^(?:true|false|changeme|example)$/i.test(value))
            continue;
          if (/_FILE$/i.test(m[1]!) || value.startsWith('/run/secrets/')) continue;
          hits.push({ line, name: m[1]!, kind: 'assign' });
          break;
        }
      }
      const file = SENSITIVE_FILE.exec(line.body);
      if (file) hits.push({ line, name: file[1]!, kind: 'file' });
    }
    if (!hits.length) return [];
    const names = [...new Set(hits.map((h) => h.name))];
    const locations: ProjectLocation[] = [];
    for (const { df, ins } of allInstructions(project)) {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV' && ins.keyword !== 'COPY' && ins.keyword !== 'ADD')
        continue;
      if (names.some((n) => n.length > 4 && ins.line.text.includes(n.split('/').at(-1)!)))
        locations.push(instructionLocation(df, ins));
    }
    const onlyFiles = hits.every((h) => h.kind === 'file');
    return [
      finding(this, {
        cause: onlyFiles
          ? 'sensitive-file-copied'
          : hits.some((h) => h.kind === 'check')
            ? 'arg-or-env'
            : 'value-in-history',
        title: onlyFiles
          ? `Sensitive file copied into a layer (${names.join(', ')})`
          : `Secret value stored in the image (${names.filter((n) => n.length > 4).join(', ') || 'token'})`,
        confidence: hits.some((h) => h.kind !== 'file') ? 'high' : 'medium',
        evidence: rangesOf(hits.map((h) => h.line)),
        fix: 'ARG and ENV values and copied files stay in the image history and layers for anyone who can pull it; deleting them in a later layer does not help. Treat the secret as leaked: rotate it now. Then pass it with a BuildKit secret mount (`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` with `docker build --secret id=npm_token,env=NPM_TOKEN`), keep secret files out of the context with .dockerignore, supply runtime secrets via compose `secrets:` or the orchestrator, and rebuild and re-push the image.',
        locations,
        details: { names: names.join(', ') },
      }),
    ];
  },
};
