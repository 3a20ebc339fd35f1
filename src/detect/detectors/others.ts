import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, type FsView, rel } from '../fs-view.js';
import { nativeFromDeps, servicesFromDeps, servicesFromEnv } from '../knowledge.js';
import { applyScans, type SourceLang } from '../scan.js';
import type { LanguageName } from '../types.js';
import { ancestors, DEFAULT_VERSIONS, toolVersion, versionFile } from '../versions.js';

/**
 * Ecosystems outside the core set (Ruby, PHP, Elixir, Clojure, Scala, Swift, Crystal, Dart, Gleam,
 * Haskell, Zig, COBOL, Scheme, shell): language, package manager, version, build and start commands,
 * so `detect` never answers "unknown" for a real project. Generators may not support all of them yet.
 */

function dirName(ctx: DetectorContext): string {
  return basename(ctx.dir === '.' ? ctx.view.root : ctx.dir);
}

function setVersion(
  draft: AppDraft,
  name: LanguageName,
  found: { version: string; source: string; detail: string } | undefined,
  fallback: string | undefined,
): void {
  if (found) {
    draft.language = { name, version: found.version, versionSource: found.source, versionIsDefault: false };
    draft.because('language.version', found.version, found.source, 'high', found.detail);
  } else {
    const v = fallback ?? '';
    draft.language = { name, version: v, versionSource: null, versionIsDefault: true };
    if (v) draft.because('language.version', v, null, 'low', 'no version file: current default');
  }
}

function fileVersion(view: FsView, dir: string, names: readonly string[], tools: readonly string[]) {
  for (const d of ancestors(dir)) {
    for (const n of names) {
      const file = rel(d, n);
      const v = view.has(file) ? versionFile(view, file) : undefined;
      if (v) return { version: v.replace(/^(?:ruby|elixir|crystal)-/, ''), source: file, detail: n };
    }
  }
  const t = toolVersion(view, dir, tools);
  return t ? { version: t.version, source: t.source, detail: basename(t.source) } : undefined;
}

function finish(
  draft: AppDraft,
  ctx: DetectorContext,
  langs: readonly SourceLang[],
  defaultKind: 'server' | 'cli',
  defaultPort?: number,
): void {
  const scan = applyScans(draft, ctx, langs, {});
  if (draft.kind === undefined)
    draft.setKind(
      draft.port !== null ? 'server' : defaultKind,
      null,
      'low',
      draft.port !== null ? 'listens on a port' : 'convention',
    );
  if (draft.kind === 'server' && draft.port === null && defaultPort)
    draft.setDefaultPort(defaultPort, 'framework default port');
  servicesFromEnv(draft, scan.env.exampleValues, scan.env.exampleFile);
}

const ruby: Detector = {
  id: 'ruby',
  detect(ctx) {
    const { view, dir } = ctx;
    const gemfile = rel(dir, 'Gemfile');
    if (!view.has(gemfile)) return [];
    const draft = new AppDraft(dirName(ctx), dir, 86);
    const text = view.read(gemfile) ?? '';
    const lock = rel(dir, 'Gemfile.lock');
    const lockText = view.read(lock) ?? '';
    const gemVersion = /^ruby\s+['"]([\d.]+)['"]/m.exec(text)?.[1];
    const lockRuby = /RUBY VERSION\s+ruby\s+([\d.]+)/.exec(lockText)?.[1];
    setVersion(
      draft,
      'ruby',
      fileVersion(view, dir, ['.ruby-version'], ['ruby']) ??
        (gemVersion
          ? { version: gemVersion, source: gemfile, detail: 'ruby directive in Gemfile' }
          : lockRuby
            ? { version: lockRuby, source: lock, detail: 'RUBY VERSION in Gemfile.lock' }
            : undefined),
      DEFAULT_VERSIONS.ruby,
    );
    draft.because('language', 'ruby', gemfile, 'high', 'Gemfile');
    const bundler = /BUNDLED WITH\s+([\d.]+)/.exec(lockText)?.[1] ?? null;
    draft.packageManager = {
      name: 'bundler',
      version: bundler,
      lockfile: view.has(lock) ? lock : null,
      installCommand: view.has(lock)
        ? 'bundle config set --local deployment true && bundle install'
        : 'bundle install',
    };
    draft.because('packageManager', 'bundler', view.has(lock) ? lock : gemfile, 'high', 'Gemfile');
    const gems = new Set(
      [...`${text}\n${lockText}`.matchAll(/^\s*(?:gem\s+['"]([\w-]+)['"]| {4}([\w-]+) \()/gm)].map(
        (m) => (m[1] ?? m[2])!,
      ),
    );
    const rails =
      gems.has('rails') || view.has(rel(dir, 'bin/rails')) || view.has(rel(dir, 'config/application.rb'));
    if (rails) {
      const rv = /^\s{4}rails \(([\d.]+)\)/m.exec(lockText)?.[1] ?? null;
      draft.setFramework({ name: 'rails', version: rv, features: [] }, gemfile, 'rails gem');
      draft.setKind('server', gemfile, 'high', 'Rails');
      draft.setDefaultPort(3000, 'Rails default port');
      draft.setStart(
        'bundle exec rails server -b 0.0.0.0 -p 3000',
        view.has(rel(dir, 'bin/rails')) ? rel(dir, 'bin/rails') : gemfile,
        'high',
        'Rails server',
      );
      if (view.has(rel(dir, 'app/assets')) || gems.has('sprockets-rails') || gems.has('propshaft')) {
        draft.setBuild(
          'SECRET_KEY_BASE_DUMMY=1 bundle exec rails assets:precompile',
          gemfile,
          'medium',
          'asset pipeline',
        );
      }
      const routes = view.read(rel(dir, 'config/routes.rb')) ?? '';
      const up = /get\s+['"](\/?up)['"]\s*=>\s*['"]rails\/health#show['"]/.exec(routes);
      if (up || (rv && Number(rv.split('.')[0]) * 10 + Number(rv.split('.')[1]) >= 71 && routes === '')) {
        draft.healthPath = '/up';
        draft.because(
          'healthPath',
          '/up',
          up ? rel(dir, 'config/routes.rb') : lock,
          up ? 'high' : 'medium',
          'Rails health check (rails/health#show)',
        );
      }
      const db = view.read(rel(dir, 'config/database.yml')) ?? '';
      const adapter = /adapter:\s*(postgresql|mysql2|trilogy|sqlite3)/.exec(db)?.[1];
      if (adapter)
        servicesFromDeps(
          draft,
          [adapter === 'postgresql' ? 'gem:pg' : adapter === 'sqlite3' ? 'gem:sqlite3' : 'gem:mysql2'],
          rel(dir, 'config/database.yml'),
        );
    } else if (view.has(rel(dir, 'config.ru'))) {
      const fw = gems.has('sinatra')
        ? 'sinatra'
        : gems.has('hanami')
          ? 'hanami'
          : gems.has('roda')
            ? 'roda'
            : 'rack';
      draft.setFramework({ name: fw, version: null, features: [] }, gemfile, `${fw} gem`);
      draft.setKind('server', rel(dir, 'config.ru'), 'high', 'Rack application');
      draft.setDefaultPort(gems.has('puma') ? 9292 : 9292, 'rackup default port');
      draft.setStart(
        gems.has('puma') ? 'bundle exec puma -b tcp://0.0.0.0:9292' : 'bundle exec rackup -o 0.0.0.0 -p 9292',
        rel(dir, 'config.ru'),
        'medium',
        'config.ru',
      );
    } else {
      const entry = ['app.rb', 'main.rb', 'server.rb', 'bot.rb'].find((n) => view.has(rel(dir, n)));
      if (entry) draft.setStart(`bundle exec ruby ${entry}`, rel(dir, entry), 'medium', 'entry file');
      if (gems.has('sinatra')) {
        draft.setFramework({ name: 'sinatra', version: null, features: [] }, gemfile, 'sinatra gem');
        draft.setKind('server', gemfile, 'high', 'Sinatra');
        draft.setDefaultPort(4567, 'Sinatra default port');
      }
    }
    if (view.has(rel(dir, 'package.json'))) draft.extraRuntimes.push('node');
    const gemNames = [...gems].map((g) => `gem:${g}`);
    servicesFromDeps(draft, gemNames, view.has(lock) ? lock : gemfile);
    const declared = [...text.matchAll(/^\s*gem\s+['"]([\w-]+)['"]/gm)].map((m) => m[1]!);
    nativeFromDeps(draft, 'gem', declared, gemfile);
    finish(draft, ctx, ['ruby'], 'server', 3000);
    return [draft];
  },
};

const php: Detector = {
  id: 'php',
  detect(ctx) {
    const { view, dir } = ctx;
    const composer = rel(dir, 'composer.json');
    const index = rel(dir, 'index.php');
    if (!view.has(composer) && !view.has(index) && !view.has(rel(dir, 'public/index.php'))) return [];
    const doc = view.json<{ name?: string; require?: Record<string, string> }>(composer);
    const draft = new AppDraft(
      doc?.name?.split('/').pop() ?? dirName(ctx),
      dir,
      view.has(composer) ? 86 : 60,
    );
    const req = doc?.require ?? {};
    const phpReq = req.php;
    setVersion(
      draft,
      'php',
      phpReq
        ? {
            version: /(\d+\.\d+)/.exec(phpReq)?.[1] ?? DEFAULT_VERSIONS.php,
            source: composer,
            detail: `require.php ${phpReq}`,
          }
        : undefined,
      DEFAULT_VERSIONS.php,
    );
    draft.because(
      'language',
      'php',
      view.has(composer) ? composer : index,
      'high',
      view.has(composer) ? 'composer.json' : 'index.php',
    );
    const lock = rel(dir, 'composer.lock');
    if (view.has(composer)) {
      draft.packageManager = {
        name: 'composer',
        version: null,
        lockfile: view.has(lock) ? lock : null,
        installCommand: 'composer install --no-dev --optimize-autoloader --no-interaction',
      };
      draft.because('packageManager', 'composer', composer, 'high', 'composer.json');
    }
    const laravel = view.has(rel(dir, 'artisan')) || 'laravel/framework' in req;
    const symfony = 'symfony/framework-bundle' in req || view.has(rel(dir, 'bin/console'));
    if (laravel)
      draft.setFramework(
        { name: 'laravel', version: /(\d+)/.exec(req['laravel/framework'] ?? '')?.[1] ?? null, features: [] },
        composer,
        'laravel/framework',
      );
    else if (symfony)
      draft.setFramework(
        { name: 'symfony', version: null, features: [] },
        composer,
        'symfony/framework-bundle',
      );
    draft.setKind('server', view.has(composer) ? composer : index, 'high', 'PHP web application');
    draft.setDefaultPort(8080, 'web server in front of PHP-FPM');
    draft.setStart(
      'php-fpm',
      null,
      'medium',
      'PHP-FPM behind a web server (nginx/Caddy), document root ' +
        (view.isDir(rel(dir, 'public')) ? 'public/' : './'),
    );
    if (laravel) {
      draft.healthPath = '/up';
      draft.because('healthPath', '/up', rel(dir, 'bootstrap/app.php'), 'medium', 'Laravel 11+ health route');
    }
    if (view.has(rel(dir, 'package.json'))) {
      draft.extraRuntimes.push('node');
      const pkg = view.json<{ scripts?: Record<string, string> }>(rel(dir, 'package.json'));
      if (pkg?.scripts?.build)
        draft.setBuild('npm run build', rel(dir, 'package.json'), 'medium', 'front-end assets (Vite)');
    }
    finish(draft, ctx, ['php'], 'server');
    return [draft];
  },
};

const elixir: Detector = {
  id: 'elixir',
  detect(ctx) {
    const { view, dir } = ctx;
    const mix = rel(dir, 'mix.exs');
    if (!view.has(mix)) return [];
    const text = view.read(mix) ?? '';
    const draft = new AppDraft(/app:\s*:(\w+)/.exec(text)?.[1] ?? dirName(ctx), dir, 88);
    const ev = /elixir:\s*"~>\s*([\d.]+)"/.exec(text)?.[1];
    setVersion(
      draft,
      'elixir',
      fileVersion(view, dir, ['.elixir-version'], ['elixir']) ??
        (ev ? { version: ev, source: mix, detail: 'elixir requirement in mix.exs' } : undefined),
      DEFAULT_VERSIONS.elixir,
    );
    draft.because('language', 'elixir', mix, 'high', 'mix.exs');
    const lock = rel(dir, 'mix.lock');
    draft.packageManager = {
      name: 'mix',
      version: null,
      lockfile: view.has(lock) ? lock : null,
      installCommand: 'mix deps.get --only prod',
    };
    draft.because('packageManager', 'mix', mix, 'high', 'mix.exs');
    const phoenix = /:phoenix\b/.test(text);
    const release = /releases:/.test(text) || view.isDir(rel(dir, 'rel'));
    draft.setBuild(
      release ? 'MIX_ENV=prod mix release' : 'MIX_ENV=prod mix compile',
      mix,
      'medium',
      release ? 'mix release' : 'compile',
    );
    if (phoenix) {
      draft.setFramework({ name: 'phoenix', version: null, features: [] }, mix, ':phoenix dependency');
      draft.setKind('server', mix, 'high', 'Phoenix');
      draft.setDefaultPort(4000, 'Phoenix default port');
      draft.setStart(
        release ? `_build/prod/rel/${draft.name}/bin/${draft.name} start` : 'mix phx.server',
        mix,
        'medium',
        release ? 'release binary' : 'Phoenix server',
      );
    } else
      draft.setStart(
        release ? `_build/prod/rel/${draft.name}/bin/${draft.name} start` : 'mix run --no-halt',
        mix,
        'medium',
        'mix application',
      );
    servicesFromDeps(
      draft,
      [...text.matchAll(/\{:(\w+),/g)].map((m) => `hex:${m[1]}`),
      mix,
    );
    finish(draft, ctx, ['elixir'], 'server', 4000);
    return [draft];
  },
};

const clojure: Detector = {
  id: 'clojure',
  detect(ctx) {
    const { view, dir } = ctx;
    const lein = rel(dir, 'project.clj');
    const deps = rel(dir, 'deps.edn');
    if (!view.has(lein) && !view.has(deps)) return [];
    const text = view.read(lein) ?? '';
    const name = /\(defproject\s+(?:[\w.-]+\/)?([\w.-]+)/.exec(text)?.[1] ?? dirName(ctx);
    const draft = new AppDraft(name, dir, 86);
    setVersion(
      draft,
      'clojure',
      fileVersion(view, dir, ['.jdk-version'], ['java']),
      DEFAULT_VERSIONS.clojure,
    );
    draft.because(
      'language',
      'clojure',
      view.has(lein) ? lein : deps,
      'high',
      view.has(lein) ? 'project.clj' : 'deps.edn',
    );
    if (view.has(lein)) {
      draft.packageManager = { name: 'lein', version: null, lockfile: null, installCommand: 'lein deps' };
      const ring = /lein-ring/.test(text);
      draft.setBuild(ring ? 'lein ring uberjar' : 'lein uberjar', lein, 'high', 'uberjar');
      draft.setStart(`java -jar target/uberjar/${name}-standalone.jar`, lein, 'medium', 'the uberjar');
    } else {
      draft.packageManager = { name: 'clojure', version: null, lockfile: null, installCommand: 'clojure -P' };
      draft.setBuild(
        'clojure -T:build uber',
        view.has(rel(dir, 'build.clj')) ? rel(dir, 'build.clj') : deps,
        'medium',
        'tools.build uber',
      );
      draft.setStart('java -jar target/*-standalone.jar', deps, 'low', 'the uberjar');
    }
    finish(draft, ctx, [], 'server', 3000);
    return [draft];
  },
};

function simple(
  id: string,
  language: LanguageName,
  marker: (ctx: DetectorContext) => string | undefined,
  build: (
    ctx: DetectorContext,
    marker: string,
  ) => {
    pm: string;
    lockfile?: string;
    install: string | null;
    build: string | null;
    start: string | null;
    name?: string;
    versionFiles?: string[];
    tools?: string[];
  },
): Detector {
  return {
    id,
    detect(ctx) {
      const m = marker(ctx);
      if (!m) return [];
      const b = build(ctx, m);
      const draft = new AppDraft(b.name ?? dirName(ctx), ctx.dir, 80);
      setVersion(
        draft,
        language,
        fileVersion(ctx.view, ctx.dir, b.versionFiles ?? [], b.tools ?? [language]),
        (DEFAULT_VERSIONS as Record<string, string>)[language],
      );
      draft.because('language', language, m, 'high', basename(m));
      const lock = b.lockfile && ctx.view.has(rel(ctx.dir, b.lockfile)) ? rel(ctx.dir, b.lockfile) : null;
      draft.packageManager = { name: b.pm, version: null, lockfile: lock, installCommand: b.install };
      draft.because('packageManager', b.pm, m, 'high', basename(m));
      if (b.build) draft.setBuild(b.build, m, 'medium', 'release build');
      if (b.start) draft.setStart(b.start, m, 'medium', 'the built program');
      finish(draft, ctx, [], 'cli');
      return [draft];
    },
  };
}

const crystal = simple(
  'crystal',
  'crystal',
  (c) => (c.view.has(rel(c.dir, 'shard.yml')) ? rel(c.dir, 'shard.yml') : undefined),
  (c, m) => {
    const doc = c.view.yaml<{ name?: string; targets?: Record<string, unknown> }>(m);
    const target = Object.keys(doc?.targets ?? {})[0] ?? doc?.name ?? 'app';
    return {
      pm: 'shards',
      lockfile: 'shard.lock',
      install: 'shards install --production',
      build: 'shards build --release',
      start: `./bin/${target}`,
      name: doc?.name,
      versionFiles: ['.crystal-version'],
    };
  },
);

const dart = simple(
  'dart',
  'dart',
  (c) => (c.view.has(rel(c.dir, 'pubspec.yaml')) ? rel(c.dir, 'pubspec.yaml') : undefined),
  (c, m) => {
    const doc = c.view.yaml<{ name?: string }>(m);
    const entry =
      c.view
        .files(rel(c.dir, 'bin'))
        .find((f) => f.endsWith('.dart'))
        ?.replace(/\.dart$/, '') ??
      doc?.name ??
      'main';
    return {
      pm: 'dart',
      lockfile: 'pubspec.lock',
      install: 'dart pub get',
      build: `dart compile exe bin/${entry}.dart -o bin/${entry}`,
      start: `./bin/${entry}`,
      name: doc?.name,
    };
  },
);

const swift = simple(
  'swift',
  'swift',
  (c) => (c.view.has(rel(c.dir, 'Package.swift')) ? rel(c.dir, 'Package.swift') : undefined),
  (c) => {
    const targets = c.view
      .dirs(rel(c.dir, 'Sources'))
      .filter((t) => c.view.has(rel(c.dir, `Sources/${t}/main.swift`)));
    const text = c.view.read(rel(c.dir, 'Package.swift')) ?? '';
    const exec = targets[0] ?? /\.executableTarget\(\s*name:\s*"([^"]+)"/.exec(text)?.[1] ?? 'App';
    return {
      pm: 'swift',
      lockfile: 'Package.resolved',
      install: 'swift package resolve',
      build: 'swift build -c release',
      start: `.build/release/${exec}`,
      versionFiles: ['.swift-version'],
    };
  },
);

const gleam = simple(
  'gleam',
  'gleam',
  (c) => (c.view.has(rel(c.dir, 'gleam.toml')) ? rel(c.dir, 'gleam.toml') : undefined),
  (c, m) => ({
    pm: 'gleam',
    lockfile: 'manifest.toml',
    install: 'gleam deps download',
    build: 'gleam export erlang-shipment',
    start: './build/erlang-shipment/entrypoint.sh run',
    name: c.view.toml<{ name?: string }>(m)?.name,
  }),
);

const haskell = simple(
  'haskell',
  'haskell',
  (c) =>
    ['stack.yaml', 'package.yaml', 'cabal.project'].map((n) => rel(c.dir, n)).find((p) => c.view.has(p)) ??
    c.view
      .files(c.dir)
      .map((f) => rel(c.dir, f))
      .find((f) => f.endsWith('.cabal')),
  (c) => {
    const stack = c.view.has(rel(c.dir, 'stack.yaml'));
    const pkg = c.view.yaml<{ name?: string; executables?: Record<string, unknown> }>(
      rel(c.dir, 'package.yaml'),
    );
    const exe = Object.keys(pkg?.executables ?? {})[0] ?? `${pkg?.name ?? dirName(c)}-exe`;
    return stack
      ? {
          pm: 'stack',
          lockfile: 'stack.yaml.lock',
          install: 'stack build --only-dependencies',
          build: 'stack install --local-bin-path bin',
          start: `./bin/${exe}`,
          name: pkg?.name,
        }
      : {
          pm: 'cabal',
          lockfile: 'cabal.project.freeze',
          install: 'cabal update && cabal build --only-dependencies',
          build: 'cabal install --installdir=bin',
          start: `./bin/${exe}`,
          name: pkg?.name,
        };
  },
);

const zig = simple(
  'zig',
  'zig',
  (c) => (c.view.has(rel(c.dir, 'build.zig')) ? rel(c.dir, 'build.zig') : undefined),
  (c) => ({
    pm: 'zig',
    lockfile: 'build.zig.zon',
    install: null,
    build: 'zig build -Doptimize=ReleaseSafe',
    start: `./zig-out/bin/${dirName(c)}`,
    versionFiles: ['.zig-version'],
  }),
);

const scala = simple(
  'scala',
  'scala',
  (c) => (c.view.has(rel(c.dir, 'build.sbt')) ? rel(c.dir, 'build.sbt') : undefined),
  (c, m) => {
    const text = c.view.read(m) ?? '';
    const name = /\bname\s*:=\s*"([^"]+)"/.exec(text)?.[1] ?? 'main';
    return {
      pm: 'sbt',
      install: 'sbt update',
      build: 'sbt stage',
      start: `./target/universal/stage/bin/${name}`,
      name,
      tools: ['java'],
    };
  },
);

const cobol = simple(
  'cobol',
  'cobol',
  (c) => cobolFiles(c)[0],
  (c) => {
    const cbl = cobolFiles(c);
    const main =
      cbl.find((f) => /^index\./i.test(basename(f))) ??
      cbl.find((f) => basename(f).replace(/\.\w+$/, '') === dirName(c)) ??
      cbl[0]!;
    const name = basename(main).replace(/\.\w+$/, '');
    const relMain = c.dir === '.' ? main : main.slice(c.dir.length + 1);
    return { pm: 'cobc', install: null, build: `cobc -x -o ${name} ${relMain}`, start: `./${name}` };
  },
);

function cobolFiles(c: DetectorContext): string[] {
  for (const d of [c.dir, rel(c.dir, 'src')]) {
    const found = c.view.files(d).filter((f) => /\.(?:cbl|cob)$/i.test(f));
    if (found.length > 0) return found.map((f) => rel(d, f));
  }
  return [];
}

const scheme = simple(
  'scheme',
  'scheme',
  (c) => (c.view.has(rel(c.dir, 'haunt.scm')) ? rel(c.dir, 'haunt.scm') : undefined),
  () => ({ pm: 'guile', install: null, build: null, start: 'guile init.scm --auto-compile' }),
);

const shell: Detector = {
  id: 'shell',
  detect(ctx) {
    const { view, dir } = ctx;
    const script = ['start.sh', 'run.sh', 'entrypoint.sh'].map((n) => rel(dir, n)).find((p) => view.has(p));
    if (!script) return [];
    const draft = new AppDraft(dirName(ctx), dir, 10);
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(view.read(script) ?? '');
    draft.language = { name: 'shell', version: '', versionSource: null, versionIsDefault: false };
    draft.because('language', 'shell', script, 'medium', shebang ? `shebang ${shebang[0]}` : 'start script');
    draft.setStart(`./${basename(script)}`, script, 'medium', 'start script');
    draft.setKind('worker', null, 'low', 'shell script');
    return [draft];
  },
};

export const otherDetectors: readonly Detector[] = [
  ruby,
  php,
  elixir,
  clojure,
  crystal,
  dart,
  swift,
  gleam,
  haskell,
  zig,
  scala,
  cobol,
  scheme,
  shell,
];
export { DEFAULT_VERSIONS };
