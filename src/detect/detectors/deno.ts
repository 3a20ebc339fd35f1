import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, rel } from '../fs-view.js';
import { servicesFromEnv } from '../knowledge.js';
import { applyScans, grep, sourceFiles } from '../scan.js';
import { DEFAULT_VERSIONS, toolVersion, versionFile } from '../versions.js';

interface DenoJson {
  name?: string;
  tasks?: Record<string, string | { command?: string }>;
  imports?: Record<string, string>;
  workspace?: string[];
}

export const denoDetector: Detector = {
  id: 'deno',
  detect(ctx: DetectorContext): AppDraft[] {
    const { view, dir } = ctx;
    const cfg = ['deno.json', 'deno.jsonc'].map((n) => rel(dir, n)).find((p) => view.has(p));
    // Without deno.json, only a directory with no package.json can be a Deno app (imports from deno.land).
    if (!cfg && view.has(rel(dir, 'package.json'))) return [];
    const files = sourceFiles(ctx, ['js']);
    const denoImports = cfg
      ? []
      : grep(
          view,
          files.slice(0, 100),
          [/from\s+['"](https:\/\/deno\.land\/[^'"]+)['"]/, /(Deno\.serve)\(/],
          1,
        );
    if (!cfg && denoImports.length === 0) return [];
    const doc = cfg ? view.json<DenoJson>(cfg) : undefined;
    const draft = new AppDraft(doc?.name ?? basename(dir === '.' ? view.root : dir), dir, cfg ? 92 : 55);
    const vf = rel(dir, '.deno-version');
    const tool = toolVersion(view, dir, ['deno']);
    const v = view.has(vf)
      ? { version: versionFile(view, vf)!, source: vf }
      : tool
        ? { version: tool.version, source: tool.source }
        : undefined;
    draft.language = v
      ? { name: 'deno', version: v.version, versionSource: v.source, versionIsDefault: false }
      : { name: 'deno', version: DEFAULT_VERSIONS.deno, versionSource: null, versionIsDefault: true };
    draft.because(
      'language.version',
      draft.language.version,
      v?.source ?? null,
      v ? 'high' : 'low',
      v ? basename(v.source) : 'current Deno major',
    );
    draft.because(
      'language',
      'deno',
      cfg ?? denoImports[0]?.file ?? null,
      'high',
      cfg ? basename(cfg) : 'imports from deno.land',
    );
    const lock = rel(dir, 'deno.lock');
    draft.packageManager = {
      name: 'deno',
      version: null,
      lockfile: view.has(lock) ? lock : null,
      installCommand: view.has(lock) ? 'deno install --frozen' : 'deno install',
    };
    const tasks = doc?.tasks ?? {};
    const taskText = (t: string | { command?: string } | undefined) =>
      typeof t === 'string' ? t : t?.command;
    const fresh =
      Object.values(doc?.imports ?? {}).some((u) => /fresh/.test(u)) || view.has(rel(dir, 'fresh.gen.ts'));
    if (fresh) {
      draft.setFramework({ name: 'fresh', version: null, features: [] }, cfg ?? '', 'Fresh import');
      draft.setKind('server', cfg ?? null, 'high', 'Fresh');
    }
    const hono =
      Object.keys(doc?.imports ?? {}).some((k) => k === 'hono' || k.startsWith('@hono/')) ||
      Object.values(doc?.imports ?? {}).some((u) => /jsr:@hono\/hono|npm:hono/.test(u));
    if (!fresh && hono) {
      draft.setFramework({ name: 'hono', version: null, features: [] }, cfg ?? '', 'hono import');
      draft.setKind('server', cfg ?? null, 'high', 'Hono');
    }
    const start = taskText(tasks.start);
    if (start) {
      draft.setStart('deno task start', cfg!, 'high', `"start" task: ${start}`);
      draft.startScript = start;
    } else {
      const entry = [
        'main.ts',
        'main.tsx',
        'mod.ts',
        'server.ts',
        'index.ts',
        'src/main.ts',
        'src/index.ts',
        'main.js',
        'index.js',
      ].find((n) => view.has(rel(dir, n)));
      if (entry)
        draft.setStart(
          `deno run --allow-net --allow-env --allow-read ${entry}`,
          rel(dir, entry),
          'medium',
          'entry file (narrow the permissions to what it needs)',
        );
    }
    if (taskText(tasks.build))
      draft.setBuild('deno task build', cfg!, 'high', `"build" task: ${taskText(tasks.build)}`);
    const scan = applyScans(draft, ctx, ['js'], { files });
    if (draft.kind === undefined) {
      const serves = grep(view, files.slice(0, 200), [/(Deno\.serve|serve\(|\.listen\()/], 1)[0];
      draft.setKind(
        serves || draft.port !== null ? 'server' : 'cli',
        serves?.file ?? null,
        'medium',
        serves ? 'the code serves HTTP' : 'no server code found',
      );
    }
    if (draft.kind === 'server' && draft.port === null) draft.setDefaultPort(8000, 'Deno.serve default port');
    servicesFromEnv(draft, scan.env.exampleValues, scan.env.exampleFile);
    draft.deployable = draft.startCommand !== null;
    return [draft];
  },
};
