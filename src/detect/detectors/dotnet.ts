import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, type FsView, rel } from '../fs-view.js';
import { servicesFromDeps, servicesFromEnv } from '../knowledge.js';
import { applyScans, sourceFiles } from '../scan.js';
import { ancestors, DEFAULT_VERSIONS } from '../versions.js';

/** .NET projects (`*.csproj`, `*.fsproj`, `*.vbproj`), read by targeted extraction. */
interface Project {
  readonly file: string;
  readonly name: string;
  readonly sdk: string;
  readonly tfm: string | null;
  readonly outputType: string | null;
  readonly assemblyName: string | null;
  readonly packages: string[];
  readonly isTest: boolean;
}

function prop(xml: string, tag: string): string | null {
  return new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(xml)?.[1] ?? null;
}

function readProject(view: FsView, file: string): Project | undefined {
  const text = view.read(file);
  if (text === undefined) return undefined;
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  const sdk = /<Project\s+Sdk="([^"]+)"/.exec(xml)?.[1] ?? '';
  const tfm = prop(xml, 'TargetFramework') ?? prop(xml, 'TargetFrameworks')?.split(';')[0] ?? null;
  const packages = [...xml.matchAll(/<PackageReference\s+Include="([^"]+)"/g)].map((m) =>
    m[1]!.toLowerCase(),
  );
  const name = basename(file).replace(/\.(?:cs|fs|vb)proj$/, '');
  return {
    file,
    name,
    sdk,
    tfm,
    outputType: prop(xml, 'OutputType'),
    assemblyName: prop(xml, 'AssemblyName'),
    packages,
    isTest:
      /<IsTestProject>\s*true/i.test(xml) ||
      packages.includes('microsoft.net.test.sdk') ||
      /\.Tests?$/.test(name),
  };
}

export const dotnetDetector: Detector = {
  id: 'dotnet',
  detect(ctx: DetectorContext): AppDraft[] {
    const { view, dir } = ctx;
    // Projects in this dir, or one level down when the dir holds a solution (src/Api/Api.csproj layouts go deeper).
    const projFiles: string[] = [];
    const isProj = (f: string) => /\.(?:cs|fs|vb)proj$/.test(f);
    for (const f of view.files(dir)) if (isProj(f)) projFiles.push(rel(dir, f));
    const sln = view.files(dir).find((f) => f.endsWith('.sln') || f.endsWith('.slnx'));
    if (projFiles.length === 0 && sln) {
      const text = view.read(rel(dir, sln)) ?? '';
      for (const m of text.matchAll(/"([^"]+\.(?:cs|fs|vb)proj)"/g)) {
        const p = rel(dir, m[1]!.replaceAll('\\', '/'));
        if (view.has(p)) projFiles.push(p);
      }
    }
    if (projFiles.length === 0) return [];
    const projects = projFiles.map((f) => readProject(view, f)).filter((p): p is Project => p !== undefined);
    const globalJson = ancestors(dir)
      .map((d) => rel(d, 'global.json'))
      .find((p) => view.has(p));
    const sdkVersion = globalJson
      ? view.json<{ sdk?: { version?: string } }>(globalJson)?.sdk?.version
      : undefined;
    const runnable = projects.filter(
      (p) =>
        !p.isTest &&
        (p.sdk === 'Microsoft.NET.Sdk.Web' ||
          p.sdk === 'Microsoft.NET.Sdk.Worker' ||
          /exe/i.test(p.outputType ?? '')),
    );
    const targets = runnable.length > 0 ? runnable : projects.filter((p) => !p.isTest).slice(0, 1);
    const drafts: AppDraft[] = [];
    for (const p of targets) {
      const draft = new AppDraft(p.name, dir, 90);
      if (targets.length > 1 || sln) draft.entry = p.file.slice(dir === '.' ? 0 : dir.length + 1);
      const tfmVersion = p.tfm ? /^net(?:coreapp)?(\d+\.\d+)/.exec(p.tfm)?.[1] : undefined;
      if (tfmVersion) {
        draft.language = {
          name: 'dotnet',
          version: tfmVersion,
          versionSource: p.file,
          versionIsDefault: false,
        };
        draft.because('language.version', tfmVersion, p.file, 'high', `TargetFramework ${p.tfm}`);
      } else if (sdkVersion) {
        const v = sdkVersion.split('.').slice(0, 2).join('.');
        draft.language = { name: 'dotnet', version: v, versionSource: globalJson!, versionIsDefault: false };
        draft.because('language.version', v, globalJson!, 'high', `global.json SDK ${sdkVersion}`);
      } else {
        draft.language = {
          name: 'dotnet',
          version: DEFAULT_VERSIONS.dotnet,
          versionSource: null,
          versionIsDefault: true,
        };
        draft.because(
          'language.version',
          DEFAULT_VERSIONS.dotnet,
          null,
          'low',
          'no TargetFramework: current LTS',
        );
      }
      if (sdkVersion && tfmVersion)
        draft.because(
          'language.sdk',
          sdkVersion,
          globalJson!,
          'high',
          'global.json pins the SDK used to build',
        );
      draft.because('language', 'dotnet', p.file, 'high', basename(p.file));
      const lock = rel(
        p.file.includes('/') ? p.file.slice(0, p.file.lastIndexOf('/')) : '.',
        'packages.lock.json',
      );
      const projRel = p.file.slice(dir === '.' ? 0 : dir.length + 1);
      draft.packageManager = {
        name: 'dotnet',
        version: sdkVersion ?? null,
        lockfile: view.has(lock) ? lock : null,
        installCommand: `dotnet restore ${projRel}${view.has(lock) ? ' --locked-mode' : ''}`,
      };
      draft.because('packageManager', 'dotnet (NuGet)', p.file, 'high', 'SDK-style project');
      draft.setBuild(`dotnet publish ${projRel} -c Release -o out`, p.file, 'high', 'publish the project');
      const assembly = p.assemblyName ?? p.name;
      draft.setStart(`dotnet out/${assembly}.dll`, p.file, 'high', `assembly ${assembly}`);
      draft.outputDir = 'out';
      if (p.sdk === 'Microsoft.NET.Sdk.Web') {
        draft.setFramework(
          { name: 'aspnetcore', version: tfmVersion ?? null, features: [] },
          p.file,
          'Microsoft.NET.Sdk.Web',
        );
        draft.setKind('server', p.file, 'high', 'ASP.NET Core');
        const major = Number((tfmVersion ?? DEFAULT_VERSIONS.dotnet).split('.')[0]);
        if (major >= 8)
          draft.setDefaultPort(8080, 'ASP.NET Core 8+ container default (ASPNETCORE_HTTP_PORTS=8080)');
        else draft.setDefaultPort(80, 'ASP.NET Core before 8 listens on 80 in containers');
        const files = sourceFiles(
          { ...ctx, dir: p.file.includes('/') ? p.file.slice(0, p.file.lastIndexOf('/')) : '.' },
          ['cs'],
        );
        const health = files
          .map((f) => ({
            f,
            m: /Map(?:HealthChecks|Get)\(\s*"(\/[\w/-]*(?:health|healthz|ready|up)[\w/-]*)"/.exec(
              view.read(f) ?? '',
            ),
          }))
          .find((x) => x.m);
        if (health?.m) {
          draft.healthPath = health.m[1]!;
          draft.because('healthPath', health.m[1]!, health.f, 'high', 'mapped health endpoint');
        }
      } else if (p.sdk === 'Microsoft.NET.Sdk.Worker') {
        draft.setKind('worker', p.file, 'high', 'Worker SDK');
      } else {
        draft.setKind('cli', p.file, 'medium', 'console application');
      }
      const scan = applyScans(draft, ctx, ['cs'], {});
      servicesFromDeps(draft, p.packages, p.file);
      servicesFromEnv(draft, scan.env.exampleValues, scan.env.exampleFile);
      drafts.push(draft);
    }
    return drafts;
  },
};
