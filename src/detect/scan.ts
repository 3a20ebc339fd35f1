import type { AppDraft, DetectorContext } from './draft.js';
import { basename, type FsView, rel } from './fs-view.js';
import type { Confidence, EnvVarFacts } from './types.js';

/**
 * Bounded source scanning shared by every detector: environment variables the code reads, ports it
 * listens on, health endpoints it serves. Regular expressions over text — no parsing — so it is fast
 * and language-agnostic; findings are evidence with a file and a line, never certainties.
 */

export type SourceLang = 'js' | 'py' | 'go' | 'rust' | 'java' | 'cs' | 'ruby' | 'php' | 'elixir';

const EXTENSIONS: Record<SourceLang, readonly string[]> = {
  js: ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx', '.vue', '.svelte', '.astro'],
  py: ['.py'],
  go: ['.go'],
  rust: ['.rs'],
  java: ['.java', '.kt', '.kts', '.groovy', '.scala', '.properties', '.yml', '.yaml'],
  cs: ['.cs', '.fs', '.json'],
  ruby: ['.rb', '.ru', '.yml', '.erb'],
  php: ['.php'],
  elixir: ['.ex', '.exs'],
};

/** Path segments that hold tests, docs, fixtures or tooling rather than the running app. */
const NON_APP_SEGMENTS = new Set([
  'test',
  'tests',
  '__tests__',
  '__mocks__',
  'spec',
  'specs',
  'e2e',
  'cypress',
  'playwright',
  'fixtures',
  'testdata',
  'docs',
  'examples',
  'example',
  'benchmarks',
  'bench',
  'migrations',
  'node_modules',
  'vendor',
  'public',
  'static',
  'assets',
]);

const NON_APP_FILE =
  /(?:\.test\.|\.spec\.|_test\.go$|^test_.*\.py$|_test\.py$|^conftest\.py$|\.stories\.|\.d\.ts$|\.config\.(?:js|ts|mjs|cjs)$|Tests?\.(?:cs|java|kt)$)/;

const MAX_FILES = 1500;
const MAX_BYTES = 24 * 1024 * 1024;
const MAX_FILE_BYTES = 512 * 1024;

/** Source files of an app for `langs`, entry-like files first, bounded. */
export function sourceFiles(
  ctx: DetectorContext,
  langs: readonly SourceLang[],
  extraNames: readonly string[] = langs.includes('js') ? ['www'] : [],
): string[] {
  const exts = new Set(langs.flatMap((l) => EXTENSIONS[l]));
  const out: string[] = [];
  const queue = [ctx.dir];
  while (queue.length > 0 && out.length < MAX_FILES) {
    const dir = queue.shift()!;
    for (const f of ctx.view.files(dir)) {
      if (out.length >= MAX_FILES) break;
      const dot = f.lastIndexOf('.');
      const ext = dot >= 0 ? f.slice(dot) : '';
      if ((exts.has(ext) || extraNames.includes(f)) && !NON_APP_FILE.test(f)) out.push(rel(dir, f));
    }
    for (const d of ctx.view.dirs(dir)) {
      const child = rel(dir, d);
      if (NON_APP_SEGMENTS.has(d) || d.startsWith('.') || ctx.exclude.has(child)) continue;
      queue.push(child);
    }
  }
  return out;
}

export interface Found {
  readonly value: string;
  readonly file: string;
  readonly line: number;
  readonly extra?: string;
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Run `patterns` over `files`; group 1 (else the whole match) is the value, group 2 (optional) an extra such as a default. */
export function grep(
  view: FsView,
  files: readonly string[],
  patterns: readonly RegExp[],
  limit = 500,
): Found[] {
  const out: Found[] = [];
  let bytes = 0;
  for (const file of files) {
    const text = view.read(file);
    if (text === undefined || text.length > MAX_FILE_BYTES) continue;
    bytes += text.length;
    if (bytes > MAX_BYTES) break;
    for (const re of patterns) {
      const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
      for (const m of text.matchAll(g)) {
        const value = m[1] ?? m[0];
        out.push({
          value,
          file,
          line: lineAt(text, m.index),
          ...(m[2] !== undefined ? { extra: m[2] } : {}),
        });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

const ENV_PATTERNS: Record<SourceLang, readonly RegExp[]> = {
  js: [
    /process\.env\.([A-Z_][A-Z0-9_]*)(?:\s*(?:\|\||\?\?)\s*['"`]([^'"`\n]*)['"`])?/,
    /process\.env\[\s*['"`]([A-Z_][A-Z0-9_]*)['"`]\s*\]/,
    /(?:Bun|import\.meta)\.env\.([A-Z_][A-Z0-9_]*)/,
    /Deno\.env\.get\(\s*['"`]([A-Z_][A-Z0-9_]*)['"`]\s*\)/,
  ],
  py: [
    /os\.environ\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\]/,
    /os\.environ\.get\(\s*['"]([A-Z_][A-Z0-9_]*)['"](?:\s*,\s*['"]([^'"\n]*)['"])?/,
    /os\.getenv\(\s*['"]([A-Z_][A-Z0-9_]*)['"](?:\s*,\s*['"]([^'"\n]*)['"])?/,
    /\benv(?:\.(?:str|int|bool|list|url|db))?\(\s*['"]([A-Z_][A-Z0-9_]*)['"]/,
    /\bconfig\(\s*['"]([A-Z_][A-Z0-9_]*)['"](?:\s*,\s*default\s*=\s*['"]([^'"\n]*)['"])?/,
  ],
  go: [/os\.(?:Getenv|LookupEnv)\(\s*"([A-Z_][A-Z0-9_]*)"\s*\)/],
  rust: [/env::var(?:_os)?\(\s*"([A-Z_][A-Z0-9_]*)"\s*\)/, /dotenvy?::var\(\s*"([A-Z_][A-Z0-9_]*)"\s*\)/],
  java: [/System\.getenv\(\s*"([A-Z_][A-Z0-9_]*)"\s*\)/, /\$\{([A-Z_][A-Z0-9_]*)(?::([^}\n]*))?\}/],
  cs: [/Environment\.GetEnvironmentVariable\(\s*"([A-Z_][A-Z0-9_]*)"\s*\)/],
  ruby: [
    /ENV\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\]/,
    /ENV\.fetch\(\s*['"]([A-Z_][A-Z0-9_]*)['"](?:\s*,\s*['"]([^'"\n]*)['"])?/,
  ],
  php: [
    /\b(?:env|getenv)\(\s*['"]([A-Z_][A-Z0-9_]*)['"](?:\s*,\s*['"]([^'"\n]*)['"])?/,
    /\$_(?:ENV|SERVER)\[\s*['"]([A-Z_][A-Z0-9_]*)['"]/,
  ],
  elixir: [/System\.(?:get_env|fetch_env!?)\(\s*"([A-Z_][A-Z0-9_]*)"(?:\s*,\s*"([^"\n]*)")?/],
};

/** Variables every runtime or platform sets; reading them is not configuration the user must provide. */
const AMBIENT_ENV = new Set([
  'HOME',
  'PATH',
  'PWD',
  'USER',
  'SHELL',
  'TERM',
  'HOSTNAME',
  'TMPDIR',
  'LANG',
  'CI',
  'DEBUG_COLORS',
  'FORCE_COLOR',
  'NO_COLOR',
]);

const NOT_SECRET =
  /^(?:PORT|HOST|NODE_ENV|PUBLIC_URL|BASE_URL|APP_URL|SITE_URL|FRONTEND_URL|API_URL|NEXT_PUBLIC_\w+|VITE_\w+|PUBLIC_\w+)$/;

/** Names that hold credentials: never copy their values into generated files. */
export function isSecretName(name: string): boolean {
  if (NOT_SECRET.test(name)) return false;
  if (
    /(?:SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|PRIVATE|CREDENTIAL|SALT|DSN)/.test(name) ||
    /(?:^|_)KEY$/.test(name)
  )
    return true;
  // Connection strings carry credentials.
  return /(?:DATABASE|DB|REDIS|MONGO\w*|AMQP|RABBITMQ|POSTGRES\w*|MYSQL|BROKER|CELERY_BROKER)_(?:URL|URI)$/.test(
    name,
  );
}

const ENV_EXAMPLE_NAMES = [
  '.env.example',
  '.env.sample',
  '.env.template',
  '.env.dist',
  'env.example',
  '.env.defaults',
  'example.env',
  'sample.env',
];

export interface EnvScan {
  readonly vars: EnvVarFacts[];
  /** The .env example file, when one exists. */
  readonly exampleFile: string | null;
  /** Values from the example file (for service inference, e.g. `postgres://` URLs). */
  readonly exampleValues: ReadonlyMap<string, string>;
}

/** Environment variables the app reads or documents. */
export function scanEnv(
  ctx: DetectorContext,
  files: readonly string[],
  langs: readonly SourceLang[],
): EnvScan {
  const byName = new Map<string, { sources: string[]; example?: string }>();
  const add = (name: string, source: string, example?: string) => {
    if (AMBIENT_ENV.has(name) || name.length < 2) return;
    let entry = byName.get(name);
    if (!entry) {
      entry = { sources: [] };
      byName.set(name, entry);
    }
    if (!entry.sources.includes(source) && entry.sources.length < 5) entry.sources.push(source);
    if (example !== undefined && example !== '' && entry.example === undefined) entry.example = example;
  };
  let exampleFile: string | null = null;
  const exampleValues = new Map<string, string>();
  for (const name of ENV_EXAMPLE_NAMES) {
    const file = rel(ctx.dir, name);
    const text = ctx.view.read(file);
    if (text === undefined) continue;
    exampleFile ??= file;
    for (const raw of text.split(/\r?\n/)) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
      if (!m) continue;
      let value = m[2]!.trim();
      if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
      else value = value.replace(/\s+#.*$/, '');
      exampleValues.set(m[1]!, value);
      add(m[1]!, file, value);
    }
  }
  const patterns = langs.flatMap((l) => ENV_PATTERNS[l]);
  for (const f of grep(ctx.view, files, patterns, 2000)) add(f.value, f.file, f.extra);
  // Destructuring: const { A, B: b, C = 'x' } = process.env
  if (langs.includes('js')) {
    for (const f of grep(ctx.view, files, [/\{([^{}]{1,400})\}\s*=\s*process\.env\b/])) {
      for (const part of f.value.split(',')) {
        const name = /^\s*([A-Z_][A-Z0-9_]*)/.exec(part)?.[1];
        const def = /=\s*['"`]([^'"`]*)['"`]/.exec(part)?.[1];
        if (name) add(name, f.file, def);
      }
    }
  }
  const vars: EnvVarFacts[] = [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, e]) => ({
      name,
      sources: e.sources,
      ...(e.example !== undefined && !isSecretName(name) ? { example: e.example } : {}),
      secret: isSecretName(name),
    }));
  return { vars, exampleFile, exampleValues };
}

const PORT_PATTERNS: Record<SourceLang, readonly RegExp[]> = {
  js: [
    /\.listen\(\s*(\d{2,5})\b/,
    /(?:process\.env\.PORT|process\.env\[['"]PORT['"]\]|Bun\.env\.PORT|Deno\.env\.get\(['"]PORT['"]\))\)?\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})\b/,
    /\b(?:const|let|var)\s+(?:PORT|port|DEFAULT_PORT)\s*(?::\s*number\s*)?=\s*(?:Number\(|parseInt\()?\s*['"]?(\d{2,5})\b/,
    /\bport\s*:\s*(?:Number\(process\.env\.PORT\)\s*(?:\|\||\?\?)\s*)?(\d{2,5})\b/,
    /Deno\.serve\(\s*\{[^}]*port\s*:\s*(\d{2,5})/,
  ],
  py: [
    /\brun\([^)\n]*\bport\s*=\s*(\d{2,5})/,
    /(?:os\.environ\.get|os\.getenv)\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})/,
    /--(?:bind|b)[= ]['"]?[\w.]*:(\d{2,5})/,
    /\bbind\s*=\s*['"][\w.]*:(\d{2,5})['"]/,
    /--port[= ](\d{2,5})/,
  ],
  go: [
    /(?:ListenAndServe(?:TLS)?|Listen|Run|Start|Serve)\(\s*"[\w.]*:(\d{2,5})"/,
    /\b(?:port|Port|PORT|addr|Addr)\s*(?::=|=)\s*"(?:[\w.]*:)?(\d{2,5})"/,
  ],
  rust: [
    /"(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\]|::)?:(\d{2,5})"/,
    /\(\s*\[\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*\]\s*,\s*(\d{2,5})\s*\)/,
    /\(\s*\[\s*127\s*,\s*0\s*,\s*0\s*,\s*1\s*\]\s*,\s*(\d{2,5})\s*\)/,
    /bind\(\s*\(\s*"[^"]*"\s*,\s*(\d{2,5})\s*\)\s*\)/,
  ],
  java: [
    /^\s*(?:server\.port|quarkus\.http\.port|micronaut\.server\.port)\s*[=:]\s*\$?\{?(?:PORT:)?(\d{2,5})/m,
  ],
  cs: [
    /(?:UseUrls|Urls\.Add)\(\s*"https?:\/\/[^":]*:(\d{2,5})"/,
    /"Url"\s*:\s*"https?:\/\/[^":]*:(\d{2,5})"/,
  ],
  ruby: [
    /\bport\s+(?:ENV\.fetch\(\s*['"]PORT['"]\s*(?:,\s*|\)\s*\{\s*)['"]?)?(\d{2,5})/,
    /set\s+:port,\s*(\d{2,5})/,
  ],
  php: [/-S\s+[\w.]*:(\d{2,5})/],
  elixir: [/\bport:\s*(?:String\.to_integer\(System\.get_env\("PORT"\)\s*\|\|\s*"?)?(\d{2,5})/],
};

export interface PortFinding {
  readonly port: number;
  readonly file: string;
  readonly line: number;
}

/** Ports the code listens on, most frequent first; ports outside 80–65535 other than well-known ones are dropped. */
export function scanPorts(
  view: FsView,
  files: readonly string[],
  langs: readonly SourceLang[],
): PortFinding[] {
  const found = grep(
    view,
    files,
    langs.flatMap((l) => PORT_PATTERNS[l]),
    200,
  );
  const good = found
    .map((f) => ({ port: Number(f.value), file: f.file, line: f.line }))
    .filter(
      (f) =>
        f.port >= 80 &&
        f.port <= 65535 &&
        ![5432, 3306, 6379, 27017, 5672, 9092, 9200, 11211].includes(f.port),
    );
  const counts = new Map<number, number>();
  for (const f of good) counts.set(f.port, (counts.get(f.port) ?? 0) + 1);
  return good.sort((a, b) => (counts.get(b.port) ?? 0) - (counts.get(a.port) ?? 0));
}

const HEALTH_LITERAL =
  /['"`](\/(?:api\/)?(?:v\d\/)?(?:healthz|health|healthcheck|health-check|health_check|_health|up|ready|readyz|readiness|livez|liveness|ping|status)\/?)['"`]/;
const DJANGO_HEALTH =
  /\bpath\(\s*['"]((?:api\/)?(?:healthz|health|healthcheck|health-check|up|ready|ping)\/?)['"]/;

const HEALTH_RANK = [
  '/healthz',
  '/health',
  '/up',
  '/ready',
  '/readyz',
  '/livez',
  '/healthcheck',
  '/ping',
  '/status',
];

/** A health endpoint the app serves: a route literal in a file that defines routes. */
export function scanHealth(view: FsView, files: readonly string[]): Found | undefined {
  const routeFile =
    /\b(?:get|route|Get|GET|HandleFunc|Handle|path|MapGet|MapHealthChecks|UseHealthChecks|app\.(?:get|use|all)|router|Router|@app\.|@router\.|@Get|@GetMapping|@RequestMapping|@Path|web::|routing::|\.route|http\.)/;
  const hits: Found[] = [];
  for (const f of grep(view, files, [HEALTH_LITERAL, DJANGO_HEALTH], 50)) {
    const text = view.read(f.file) ?? '';
    const lineText = text.split('\n')[f.line - 1] ?? '';
    if (!routeFile.test(lineText) && !routeFile.test(text.slice(0, 20000))) continue;
    const path = f.value.startsWith('/') ? f.value : `/${f.value}`;
    hits.push({ ...f, value: path });
  }
  const rank = (p: string) => {
    const bare = p
      .replace(/^\/api/, '')
      .replace(/^\/v\d/, '')
      .replace(/\/$/, '');
    const i = HEALTH_RANK.indexOf(bare);
    return i < 0 ? 99 : i;
  };
  hits.sort((a, b) => rank(a.value) - rank(b.value));
  return hits[0];
}

/** Apply env, port and health scans to a draft (without overriding what the detector already decided). */
export function applyScans(
  draft: AppDraft,
  ctx: DetectorContext,
  langs: readonly SourceLang[],
  options: { files?: readonly string[]; portConfidence?: Confidence } = {},
): { files: readonly string[]; env: EnvScan } {
  const files = options.files ?? sourceFiles(ctx, langs);
  const env = scanEnv(ctx, files, langs);
  draft.env = env.vars;
  if (env.vars.length > 0) {
    draft.because(
      'env',
      `${env.vars.length} variables`,
      env.exampleFile ?? env.vars[0]!.sources[0] ?? null,
      'medium',
      'read by the code or listed in an example env file',
    );
  }
  if (draft.port === null || draft.portIsDefault) {
    const ports = scanPorts(ctx.view, files, langs);
    const first = ports[0];
    if (first) {
      if (draft.portIsDefault)
        draft.evidence.splice(
          0,
          draft.evidence.length,
          ...draft.evidence.filter((e) => !(e.fact === 'port' && e.source === null)),
        );
      draft.setPort(
        first.port,
        first.file,
        options.portConfidence ?? 'medium',
        'the code listens on it',
        first.line,
      );
    } else if (draft.port === null) {
      const ex = env.exampleValues.get('PORT');
      if (ex && /^\d{2,5}$/.test(ex))
        draft.setPort(Number(ex), env.exampleFile, 'medium', 'PORT in the example env file');
    }
  }
  if (draft.healthPath === null) {
    const health = scanHealth(ctx.view, files);
    if (health) {
      draft.healthPath = health.value;
      draft.because(
        'healthPath',
        health.value,
        health.file,
        'medium',
        'route defined in the code',
        health.line,
      );
    }
  }
  return { files, env };
}

/** The `.py`, `.go`, … file names directly in a directory. */
export function filesWithExt(view: FsView, dir: string, ext: string): string[] {
  return view.files(dir).filter((f) => f.endsWith(ext));
}

export { basename };
