import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, type FsView, rel } from '../fs-view.js';
import { nativeFromDeps, servicesFromDeps, servicesFromEnv } from '../knowledge.js';
import { applyScans, sourceFiles } from '../scan.js';
import { ancestors, DEFAULT_VERSIONS, toolVersion, versionFile } from '../versions.js';

export interface CargoToml {
  package?: {
    name?: string;
    version?: string;
    'rust-version'?: string;
    'default-run'?: string;
    edition?: string;
  };
  workspace?: { members?: string[]; 'default-members'?: string[]; package?: { 'rust-version'?: string } };
  bin?: { name?: string; path?: string }[];
  lib?: unknown;
  dependencies?: Record<string, unknown>;
}

const FRAMEWORKS: readonly [string, string, number][] = [
  ['axum', 'axum', 3000],
  ['actix-web', 'actix-web', 8080],
  ['rocket', 'rocket', 8000],
  ['warp', 'warp', 3030],
  ['poem', 'poem', 3000],
  ['tide', 'tide', 8080],
  ['salvo', 'salvo', 5800],
  ['loco-rs', 'loco', 5150],
];

function depVersion(v: unknown): string | null {
  if (typeof v === 'string') return v.replace(/^[\^~=]/, '');
  if (v && typeof v === 'object' && typeof (v as { version?: unknown }).version === 'string')
    return (v as { version: string }).version.replace(/^[\^~=]/, '');
  return null;
}

export const rustDetector: Detector = {
  id: 'rust',
  detect(ctx: DetectorContext): AppDraft[] {
    const { view, dir } = ctx;
    const cargoPath = rel(dir, 'Cargo.toml');
    if (!view.has(cargoPath)) return [];
    const cargo = view.toml<CargoToml>(cargoPath);
    if (!cargo?.package) return []; // a virtual workspace manifest: its members are the apps
    const pkgName = cargo.package.name ?? basename(dir === '.' ? view.root : dir);
    // Binary targets: [[bin]], src/main.rs, src/bin/*.rs.
    const bins: { name: string; source: string }[] = [];
    for (const b of cargo.bin ?? []) if (b.name) bins.push({ name: b.name, source: cargoPath });
    if (view.has(rel(dir, 'src/main.rs')) && !bins.some((b) => b.name === pkgName))
      bins.unshift({ name: pkgName, source: rel(dir, 'src/main.rs') });
    for (const f of view.files(rel(dir, 'src/bin')))
      if (f.endsWith('.rs')) bins.push({ name: f.slice(0, -3), source: rel(dir, `src/bin/${f}`) });
    for (const d of view.dirs(rel(dir, 'src/bin')))
      if (view.has(rel(dir, `src/bin/${d}/main.rs`)))
        bins.push({ name: d, source: rel(dir, `src/bin/${d}/main.rs`) });
    const defaultRun = cargo.package['default-run'];
    const chosen = bins.find((b) => b.name === defaultRun) ?? bins[0];

    const draft = new AppDraft(pkgName, dir, 90);
    if (bins.length > 1 && chosen) {
      draft.entry = chosen.name;
      draft.note(
        'info',
        `several binaries (${bins.map((b) => b.name).join(', ')}); using ${chosen.name}${defaultRun ? ' (default-run)' : ''}. Pick another with --app.`,
        cargoPath,
      );
    }
    // Toolchain: rust-toolchain(.toml) > mise/asdf > rust-version > default.
    let version: { v: string; source: string; detail: string } | undefined;
    for (const d of ancestors(dir)) {
      const tomlFile = rel(d, 'rust-toolchain.toml');
      const channel = view.toml<{ toolchain?: { channel?: string } }>(tomlFile)?.toolchain?.channel;
      if (channel) {
        version = { v: channel, source: tomlFile, detail: 'rust-toolchain.toml channel' };
        break;
      }
      const plain = rel(d, 'rust-toolchain');
      const pv = view.has(plain) ? versionFile(view, plain) : undefined;
      if (pv) {
        version = { v: pv, source: plain, detail: 'rust-toolchain' };
        break;
      }
    }
    const tool = version ? undefined : toolVersion(view, dir, ['rust']);
    if (tool) version = { v: tool.version, source: tool.source, detail: basename(tool.source) };
    const own = cargo.package['rust-version'];
    const inherited = typeof own === 'string' ? undefined : rootRustVersion(view);
    if (!version && typeof own === 'string')
      version = { v: own, source: cargoPath, detail: 'rust-version (minimum supported)' };
    else if (!version && inherited)
      version = { v: inherited, source: 'Cargo.toml', detail: '[workspace.package] rust-version' };
    draft.language = version
      ? { name: 'rust', version: version.v, versionSource: version.source, versionIsDefault: false }
      : { name: 'rust', version: DEFAULT_VERSIONS.rust, versionSource: null, versionIsDefault: true };
    draft.because(
      'language.version',
      draft.language.version,
      version?.source ?? null,
      version ? 'high' : 'low',
      version?.detail ?? 'no toolchain file or rust-version',
    );
    draft.because('language', 'rust', cargoPath, 'high', 'Cargo.toml');

    const lock = ancestors(dir)
      .map((d) => rel(d, 'Cargo.lock'))
      .find((p) => view.has(p));
    draft.packageManager = {
      name: 'cargo',
      version: null,
      lockfile: lock ?? null,
      installCommand: lock ? 'cargo fetch --locked' : 'cargo fetch',
    };
    draft.because(
      'packageManager',
      'cargo',
      lock ?? cargoPath,
      'high',
      lock ? 'Cargo.lock' : 'Cargo.toml (no Cargo.lock: builds are not reproducible)',
    );

    if (chosen) {
      const inWorkspace = ctx.workspaceRoot !== null && dir !== '.';
      const binFlag = bins.length > 1 ? ` --bin ${chosen.name}` : '';
      const pkgFlag = inWorkspace ? ` -p ${pkgName}` : '';
      draft.setBuild(
        `cargo build --release${lock ? ' --locked' : ''}${pkgFlag}${binFlag}`,
        chosen.source,
        'high',
        `binary target ${chosen.name}`,
      );
      const targetDir = inWorkspace ? 'target' : 'target';
      draft.setStart(`./${targetDir}/release/${chosen.name}`, chosen.source, 'high', 'the release binary');
      draft.outputDir = `${targetDir}/release`;
      if (inWorkspace)
        draft.note(
          'info',
          'Cargo workspace member: build from the workspace root; the binary lands in the root target/ directory.',
        );
    } else {
      draft.deployable = false;
    }
    const deps = Object.keys(cargo.dependencies ?? {});
    const fw = FRAMEWORKS.find(([d]) => deps.includes(d));
    if (fw) {
      draft.setFramework(
        { name: fw[1], version: depVersion(cargo.dependencies?.[fw[0]]), features: [] },
        cargoPath,
        `dependency ${fw[0]}`,
      );
      draft.setKind('server', cargoPath, 'high', `${fw[1]} web framework`);
      if (fw[1] === 'rocket')
        draft.note('info', 'Rocket binds 127.0.0.1 by default: set ROCKET_ADDRESS=0.0.0.0 in the image.');
    } else if (deps.includes('hyper') || deps.includes('tonic')) {
      draft.setKind(
        'server',
        cargoPath,
        'medium',
        deps.includes('tonic') ? 'gRPC server (tonic)' : 'hyper HTTP server',
      );
    } else if (deps.includes('clap') || deps.includes('structopt') || deps.includes('argh')) {
      draft.setKind('cli', cargoPath, 'medium', 'command-line argument parser');
    }
    const files = sourceFiles(ctx, ['rust']);
    const scan = applyScans(draft, ctx, ['rust'], { files });
    if (draft.kind === undefined)
      draft.setKind(
        draft.port !== null ? 'server' : 'cli',
        null,
        'low',
        draft.port !== null ? 'listens on a port' : 'no server framework found',
      );
    if (draft.kind === 'server' && draft.port === null)
      draft.setDefaultPort(fw?.[2] ?? 8080, fw ? `${fw[1]} convention` : 'convention');
    servicesFromDeps(draft, deps, cargoPath);
    if (deps.includes('sqlx') || deps.includes('diesel') || deps.includes('sea-orm')) {
      const feat = JSON.stringify(
        cargo.dependencies?.sqlx ?? cargo.dependencies?.diesel ?? cargo.dependencies?.['sea-orm'] ?? '',
      );
      const svc = /postgres/.test(feat)
        ? 'postgres'
        : /mysql/.test(feat)
          ? 'mysql'
          : /sqlite/.test(feat)
            ? 'sqlite'
            : undefined;
      if (svc)
        servicesFromDeps(
          draft,
          [svc === 'postgres' ? 'tokio-postgres' : svc === 'mysql' ? 'mysql_async' : 'rusqlite'],
          cargoPath,
        );
      if (/postgres/.test(feat) && deps.includes('diesel'))
        nativeFromDeps(draft, 'cargo', ['pq-sys'], cargoPath);
    }
    servicesFromEnv(draft, scan.env.exampleValues, scan.env.exampleFile);
    nativeFromDeps(draft, 'cargo', deps, cargoPath);
    const lockText = lock ? view.read(lock) : undefined;
    if (
      lockText &&
      /name = "openssl-sys"/.test(lockText) &&
      !draft.nativeDeps.some((n) => n.package.startsWith('openssl'))
    ) {
      nativeFromDeps(draft, 'cargo', ['openssl-sys'], lock!);
    }
    return [draft];
  },
};

function rootRustVersion(view: FsView): string | undefined {
  const root = view.toml<CargoToml>('Cargo.toml');
  return root?.workspace?.package?.['rust-version'];
}
