import type { ImageModel } from '../model.js';
import { type Finding, finding, formatBytes, listSome } from './common.js';
import type { ContentFacts } from './content.js';

export type Language = 'go' | 'rust' | 'node' | 'python' | 'java' | 'unknown';

const MB = 1000 * 1000;
/** Final image size targets per language (spec: Go 10–30 MB, Rust 5–15 MB, Node 150–300 MB, Python 200–400 MB). */
export const SIZE_TARGETS: Readonly<Partial<Record<Language, { min: number; max: number }>>> = {
  go: { min: 10 * MB, max: 30 * MB },
  rust: { min: 5 * MB, max: 15 * MB },
  node: { min: 150 * MB, max: 300 * MB },
  python: { min: 200 * MB, max: 400 * MB },
};
/** "Image too large (>500MB)". */
export const TOO_LARGE = 500 * MB;

export const RECOMMENDED_LABELS = [
  'org.opencontainers.image.source',
  'org.opencontainers.image.version',
  'org.opencontainers.image.revision',
  'org.opencontainers.image.created',
  'org.opencontainers.image.title',
  'org.opencontainers.image.description',
  'org.opencontainers.image.licenses',
] as const;

const INTERPRETERS: [Language, RegExp][] = [
  ['node', /^\/(?:usr\/(?:local\/)?bin\/node|nodejs\/bin\/node)$/],
  ['python', /^\/usr\/(?:local\/)?bin\/python3?(?:\.\d+)?$/],
  ['java', /^\/(?:opt\/java\/[^/]+|usr\/lib\/jvm\/[^/]+)\/bin\/java$/],
];

function commandOf(model: ImageModel): string[] {
  const { entrypoint, cmd } = model.config;
  const argv = [...(entrypoint ?? []), ...(entrypoint?.length ? [] : (cmd ?? []))];
  if ((argv[0] === '/bin/sh' || argv[0] === 'sh') && argv[1] === '-c') return (argv[2] ?? '').split(/\s+/);
  return argv;
}

/** The application language: what the entrypoint runs, else the runtime or binaries present. */
export function detectLanguage(
  model: ImageModel,
  facts?: ContentFacts,
): { language: Language; evidence: string } {
  const argv = commandOf(model);
  const first =
    argv.find(
      (a) => a && !/^(?:tini|dumb-init|--|\/usr\/bin\/tini|\/sbin\/tini|docker-entrypoint\.sh)$/.test(a),
    ) ?? '';
  const base = first.slice(first.lastIndexOf('/') + 1);
  if (/^(?:node|nodejs|npm|npx|yarn|pnpm|bun)$/.test(base))
    return { language: 'node', evidence: `entrypoint runs ${base}` };
  if (/^(?:python\d?(?:\.\d+)?|gunicorn|uvicorn|celery|flask|django-admin)$/.test(base))
    return { language: 'python', evidence: `entrypoint runs ${base}` };
  if (base === 'java') return { language: 'java', evidence: 'entrypoint runs java' };
  const binaries = facts?.binaries ?? new Map<string, 'go' | 'rust'>();
  const kindOf = (path: string): 'go' | 'rust' | undefined => {
    const f = model.files.get(path);
    return f ? binaries.get(`${f.layer}:${path}`) : undefined;
  };
  if (first.startsWith('/')) {
    const k = kindOf(first);
    if (k) return { language: k, evidence: `${first} is a ${k === 'go' ? 'Go' : 'Rust'} binary` };
  } else if (first) {
    for (const dir of ['/usr/local/bin', '/usr/bin', '/bin', '/app', model.config.workingDir ?? '/']) {
      const k = kindOf(`${dir.replace(/\/$/, '')}/${first.replace(/^\.\//, '')}`);
      if (k) return { language: k, evidence: `${first} is a ${k === 'go' ? 'Go' : 'Rust'} binary` };
    }
  }
  for (const f of model.files.values()) {
    if (f.type === 'dir') continue;
    for (const [lang, re] of INTERPRETERS)
      if (re.test(f.path)) return { language: lang, evidence: `${f.path} present` };
  }
  for (const [key, kind] of binaries) {
    const path = key.slice(key.indexOf(':') + 1);
    if (model.files.get(path)?.layer === Number(key.slice(0, key.indexOf(':')))) {
      return { language: kind, evidence: `${path} is a ${kind === 'go' ? 'Go' : 'Rust'} binary` };
    }
  }
  return { language: 'unknown', evidence: '' };
}

function parsePasswd(bytes: Uint8Array | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!bytes) return out;
  for (const line of new TextDecoder().decode(bytes).split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid && /^\d+$/.test(uid)) out.set(name, Number(uid));
  }
  return out;
}

/** Root when User is empty, 0, root, or a name that /etc/passwd maps to uid 0. */
export function runsAsRoot(model: ImageModel): { root: boolean; why: string } {
  const user = model.config.user.trim();
  const name = user.split(':')[0] ?? '';
  if (name === '') return { root: true, why: 'no USER is set' };
  if (name === '0' || name === 'root') return { root: true, why: `USER is ${user}` };
  if (/^\d+$/.test(name)) return { root: false, why: `uid ${name}` };
  const passwd = model.files.get('/etc/passwd');
  const uid = passwd ? parsePasswd(model.captured.get(`${passwd.layer}:/etc/passwd`)).get(name) : undefined;
  if (uid === 0) return { root: true, why: `USER ${name} has uid 0 in /etc/passwd` };
  return { root: false, why: uid === undefined ? `user ${name}` : `user ${name} (uid ${uid})` };
}

export interface ConfigReport {
  readonly user: string;
  readonly root: boolean;
  readonly healthcheck: boolean;
  readonly shellForm: boolean;
  readonly exposedPorts: readonly string[];
  readonly labels: { readonly present: readonly string[]; readonly missing: readonly string[] };
  readonly language: Language;
  readonly languageEvidence: string;
  /** Σ uncompressed layer sizes, compared with the targets. */
  readonly size: number;
  readonly sizeTarget?: { readonly min: number; readonly max: number };
}

function shellForm(argv: readonly string[] | undefined): boolean {
  return !!argv && argv.length >= 2 && /^(?:\/bin\/)?(?:ba|a|da)?sh$/.test(argv[0]!) && argv[1] === '-c';
}

export function configReport(model: ImageModel, facts?: ContentFacts): ConfigReport {
  const { config } = model;
  const hc = config.healthcheck;
  const lang = detectLanguage(model, facts);
  const target = SIZE_TARGETS[lang.language];
  return {
    user: config.user,
    root: runsAsRoot(model).root,
    healthcheck: !!hc && hc.test.length > 0 && hc.test[0] !== 'NONE',
    shellForm: config.entrypoint?.length ? shellForm(config.entrypoint) : shellForm(config.cmd),
    exposedPorts: config.exposedPorts,
    labels: {
      present: RECOMMENDED_LABELS.filter((l) => config.labels[l] !== undefined),
      missing: RECOMMENDED_LABELS.filter((l) => config.labels[l] === undefined),
    },
    language: lang.language,
    languageEvidence: lang.evidence,
    size: model.layers.reduce((n, l) => n + l.contentSize, 0),
    ...(target ? { sizeTarget: target } : {}),
  };
}

/** Runtime configuration: user, HEALTHCHECK, shell-form entrypoint, ports, labels, size targets. */
export function configuration(model: ImageModel, options: { facts?: ContentFacts } = {}): Finding[] {
  const out: Finding[] = [];
  const r = configReport(model, options.facts);
  const root = runsAsRoot(model);
  if (root.root) {
    out.push(
      finding(
        model,
        'image/runs-as-root',
        'warning',
        `the container runs as root (${root.why})`,
        'Add a user and switch to it: USER 10001 (or a named user from /etc/passwd).',
        ['dockle:CIS-DI-0001', 'trivy:DS002'],
      ),
    );
  }
  if (!r.healthcheck) {
    const none = model.config.healthcheck?.test[0] === 'NONE';
    out.push(
      finding(
        model,
        'image/no-healthcheck',
        'warning',
        none ? 'HEALTHCHECK is disabled (NONE)' : 'the image has no HEALTHCHECK',
        'Add HEALTHCHECK CMD … that probes the service (or declare one in the orchestrator).',
        ['dockle:CIS-DI-0006', 'trivy:DS026'],
      ),
    );
  }
  if (r.shellForm) {
    const which = model.config.entrypoint?.length ? 'ENTRYPOINT' : 'CMD';
    out.push(
      finding(
        model,
        'image/shell-form-entrypoint',
        'warning',
        `${which} is in shell form (${[...((which === 'ENTRYPOINT' ? model.config.entrypoint : model.config.cmd) ?? [])].join(' ').slice(0, 120)})`,
        'Use the exec form (JSON array) so the process is PID 1 and receives SIGTERM.',
        ['hadolint:DL3025', 'buildkit:JSONArgsRecommended'],
      ),
    );
  }
  if (r.exposedPorts.length)
    out.push(finding(model, 'image/exposed-ports', 'info', `exposed ports: ${r.exposedPorts.join(', ')}`));
  if (r.labels.missing.length) {
    out.push(
      finding(
        model,
        'image/missing-oci-labels',
        'info',
        `missing OCI labels: ${listSome(
          r.labels.missing.map((l) => l.replace('org.opencontainers.image.', '')),
          7,
        )}${r.labels.present.length ? ` (present: ${r.labels.present.map((l) => l.replace('org.opencontainers.image.', '')).join(', ')})` : ''}`,
        'Set them at build time, e.g. docker/metadata-action or LABEL org.opencontainers.image.source=…',
      ),
    );
  }
  if (r.size > TOO_LARGE) {
    out.push(
      finding(
        model,
        'image/too-large',
        'warning',
        `the image is ${formatBytes(r.size)} (over 500 MB)`,
        'Use a multi-stage build and a slim, distroless or scratch runtime base.',
      ),
    );
  } else if (r.sizeTarget && r.size > r.sizeTarget.max) {
    out.push(
      finding(
        model,
        'image/size-over-target',
        'warning',
        `the image is ${formatBytes(r.size)}; a ${r.language} image should be ${formatBytes(r.sizeTarget.min)}–${formatBytes(r.sizeTarget.max)} (${r.languageEvidence})`,
        'Use a multi-stage build and copy only the runtime artifacts into a slim base.',
      ),
    );
  }
  return out;
}
