import { parse as parseYaml } from 'yaml';
import type { Instruction } from '../parse/dockerfile/ast.js';
import { parseDockerfile } from '../parse/dockerfile/index.js';
import type { RenderedFile, SetupPlan, Tier } from './types.js';

/**
 * The spec's tier output checklists (01-docker-mastery-tiers "Output Specification", 02-production-self-check),
 * as named checks over the generated text (parsed back, not the models), so a test can say which item failed.
 */
export interface ChecklistItem {
  readonly id: string;
  readonly tier: Tier;
  readonly spec: string;
  /** `true`, or why it is not met. `undefined` when the item does not apply to this app. */
  check(ctx: CheckContext): true | string | undefined;
}

export interface CheckContext {
  readonly plan: SetupPlan;
  readonly files: readonly RenderedFile[];
  readonly dockerfile: { readonly text: string; readonly instructions: readonly Instruction[] };
  /** Instructions of the last stage. */
  readonly final: readonly Instruction[];
  readonly compose?: ComposeData;
  readonly override?: ComposeData;
  file(path: string): string | undefined;
}

interface ComposeData {
  services: Record<string, Record<string, unknown> & { environment?: Record<string, string> }>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

const longRunning = (plan: SetupPlan) => plan.app.kind === 'server' || plan.app.kind === 'static';

function services(c: CheckContext): [string, Record<string, unknown>][] {
  return Object.entries(c.compose?.services ?? {});
}

export const CHECKLIST: readonly ChecklistItem[] = [
  {
    id: 'multi-stage',
    tier: 1,
    spec: 'Multi-stage build implemented (never ship build tools)',
    check: (c) =>
      // "whenever there is a build step": a plain HTML site (static stack, no build command) has none.
      c.plan.stack === 'static' && !c.plan.app.buildCommand
        ? undefined
        : c.dockerfile.instructions.filter((i) => i.keyword === 'FROM').length >= 2 || 'only one stage',
  },
  {
    id: 'pinned-base-tags',
    tier: 1,
    spec: 'Specific image tags (never :latest, never a bare major)',
    check(c) {
      for (const image of baseImages(c)) {
        const tag = /:([^/@]+)$/.exec(image.replace(/@sha256:[0-9a-f]+$/, ''))?.[1];
        if (!tag || tag === 'latest' || /^\d+$/.test(tag)) return `${image} is not pinned`;
      }
      return true;
    },
  },
  {
    id: 'exec-form-cmd',
    tier: 1,
    spec: 'Exec form for CMD/ENTRYPOINT (signal handling)',
    check(c) {
      const cmds = c.final.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
      if (!cmds.length) return 'no CMD or ENTRYPOINT in the final stage';
      return cmds.every((i) => i.form === 'json') || 'shell-form CMD/ENTRYPOINT';
    },
  },
  {
    id: 'deps-before-source',
    tier: 1,
    spec: 'Order layers by change frequency (deps before code)',
    check(c) {
      const text = c.dockerfile.text;
      const install = text.search(
        /\b(npm ci|npm install|pnpm install|yarn install|yarn workspaces focus|bun install|go mod download|cargo build|dotnet restore|pip install|uv sync|poetry install|pipenv install|pdm sync)\b|:go-offline\b|\bgradlew? --no-daemon dependencies\b|^COPY \S*vendor\/ /m,
      );
      // A plain HTML site (static stack, no build command) has no dependencies to install.
      if (install < 0 && c.plan.stack === 'static' && !c.plan.app.buildCommand) return undefined;
      const source = text.indexOf('COPY . .');
      if (install < 0) return 'no dependency install';
      return source < 0 || install < source || 'the source is copied before dependencies are installed';
    },
  },
  {
    id: 'cache-mounts',
    tier: 1,
    spec: 'Build cache optimized (BuildKit cache mounts)',
    check: (c) =>
      // Nothing is downloaded or built for a plain HTML site (static stack, no build command).
      c.plan.stack === 'static' && !c.plan.app.buildCommand
        ? undefined
        : /--mount=type=cache,/.test(c.dockerfile.text) || 'no RUN --mount=type=cache',
  },
  {
    id: 'oci-labels',
    tier: 1,
    spec: 'LABEL for OCI image metadata',
    check: (c) =>
      c.final.some(
        (i) => i.keyword === 'LABEL' && i.pairs.some((p) => p.key.startsWith('org.opencontainers.image.')),
      ) || 'no org.opencontainers.image.* label in the final stage',
  },
  {
    id: 'build-run-comments',
    tier: 1,
    spec: 'Build/run instructions in Dockerfile comments',
    check: (c) =>
      (/^# Build: /m.test(c.dockerfile.text) && /^# Run: /m.test(c.dockerfile.text)) ||
      'no Build:/Run: header',
  },
  {
    id: 'dockerignore',
    tier: 1,
    spec: '.dockerignore excludes .git, node_modules, .env',
    check(c) {
      const f = c.files.find((x) => x.kind === 'dockerignore');
      if (!f) return 'no .dockerignore';
      const lines = new Set(f.content.split('\n'));
      const missing = ['.git', '**/.env'].filter((p) => !lines.has(p));
      if (![...lines].some((l) => /^(\*\*\/)?node_modules$/.test(l))) missing.push('node_modules');
      return missing.length === 0 || `missing ${missing.join(', ')}`;
    },
  },
  {
    id: 'non-root-user',
    tier: 2,
    spec: 'Non-root user execution (USER directive, UID >= 1000 or the base image’s unprivileged user)',
    check(c) {
      const user = c.final.filter((i) => i.keyword === 'USER').at(-1)?.args[0]?.value;
      if (!user) return 'the final stage has no USER';
      return !/^(root|0)(:|$)/.test(user) || `USER ${user}`;
    },
  },
  {
    id: 'healthcheck',
    tier: 2,
    spec: 'HEALTHCHECK for all long-running containers, probe present in the image',
    check(c) {
      if (!longRunning(c.plan)) return undefined;
      const h = c.final.find((i) => i.keyword === 'HEALTHCHECK');
      if (!h) return 'no HEALTHCHECK';
      const probe = h.args[1]?.value ?? '';
      // nc: BusyBox `nc -z` (Go/Rust images without a health endpoint).
      return (
        /^(node|bun|wget|nc|python|\/nodejs\/bin\/node|\/usr\/local\/bin\/bun)$/.test(probe) ||
        `probe ${probe}`
      );
    },
  },
  {
    id: 'compose-file',
    tier: 2,
    spec: 'compose.yaml with every detected backing service, no version: field',
    check(c) {
      if (!c.compose) return 'no compose.yaml';
      if ('version' in (c.compose as object)) return 'version: field present';
      const names = Object.keys(c.compose.services);
      const missing = c.plan.app.services
        .map((s) => s.name)
        .filter((n) => n !== 'sqlite' && !names.includes(n));
      return missing.length === 0 || `missing services ${missing.join(', ')}`;
    },
  },
  {
    id: 'compose-healthchecks',
    tier: 2,
    spec: 'Health checks on all services',
    check(c) {
      const missing = services(c)
        .filter(([name]) => name !== appService(c) || longRunning(c.plan))
        .filter(([, s]) => !s.healthcheck)
        .map(([n]) => n);
      return missing.length === 0 || `no healthcheck: ${missing.join(', ')}`;
    },
  },
  {
    id: 'depends-on-healthy',
    tier: 2,
    spec: 'depends_on uses condition: service_healthy',
    check(c) {
      for (const [name, s] of services(c)) {
        const deps = (s.depends_on ?? {}) as Record<string, { condition?: string }>;
        for (const [dep, v] of Object.entries(deps))
          if (v.condition !== 'service_healthy') return `${name} → ${dep} is not service_healthy`;
      }
      const backing = services(c).length - 1;
      const app = c.compose?.services[appService(c)];
      if (backing > 0 && Object.keys((app?.depends_on as object) ?? {}).length !== backing)
        return 'the app does not wait for every backing service';
      return true;
    },
  },
  {
    id: 'restart-policies',
    tier: 2,
    spec: 'Restart policies defined',
    check: (c) => {
      const missing = services(c).filter(([, s]) => !s.restart);
      return missing.length === 0 || `no restart: ${missing.map(([n]) => n).join(', ')}`;
    },
  },
  {
    id: 'resource-limits',
    tier: 2,
    spec: 'Resource limits (CPU, memory) on every service',
    check: (c) => {
      const missing = services(c).filter(([, s]) => {
        const limits = (s.deploy as { resources?: { limits?: { cpus?: string; memory?: string } } })
          ?.resources?.limits;
        return !limits?.cpus || !limits.memory;
      });
      return missing.length === 0 || `no limits: ${missing.map(([n]) => n).join(', ')}`;
    },
  },
  {
    id: 'named-volumes',
    tier: 2,
    spec: 'Named volumes for persistence',
    check(c) {
      const declared = new Set(Object.keys(c.compose?.volumes ?? {}));
      for (const [name, s] of services(c)) {
        for (const v of (s.volumes as string[] | undefined) ?? []) {
          const src = v.split(':')[0]!;
          if (!declared.has(src)) return `${name} mounts ${src}, not a named volume`;
        }
      }
      return true;
    },
  },
  {
    id: 'network-split',
    tier: 2,
    spec: 'Custom networks: frontend/backend separation',
    check(c) {
      const nets = c.compose?.networks ?? {};
      if (!('frontend' in nets)) return 'no frontend network';
      if (services(c).length > 1 && !nets.backend?.internal) return 'no internal backend network';
      return true;
    },
  },
  {
    id: 'secrets-not-env',
    tier: 2,
    spec: 'Passwords through Compose secrets, not plain environment variables',
    check(c) {
      for (const [name, s] of services(c)) {
        const env = (s.environment ?? {}) as Record<string, string>;
        for (const [k, v] of Object.entries(env)) {
          if (/PASSWORD|SECRET|TOKEN/i.test(k) && !k.endsWith('_FILE'))
            return `${name}.${k} is a plain env value`;
          if (/:\/\/[^/\s:@]+:[^@\s]+@/.test(v)) return `${name}.${k} has a password in a URL`;
        }
      }
      for (const [name, s] of services(c)) {
        const env = (s.environment ?? {}) as Record<string, string>;
        const files = Object.entries(env).filter(([k]) => k.endsWith('_FILE'));
        if (files.length && !s.secrets) return `${name} reads *_FILE without secrets:`;
      }
      return true;
    },
  },
  {
    id: 'dev-override',
    tier: 2,
    spec: 'compose.override.yaml for development: dev target, develop.watch or bind mounts, hot reload',
    check(c) {
      const app = c.override?.services[appService(c)];
      if (!app) return 'no override for the app';
      if ((app.build as { target?: string })?.target !== 'dev')
        return 'the override does not build the dev target';
      return app.develop !== undefined || app.volumes !== undefined || 'no develop.watch or source mount';
    },
  },
  {
    id: 'debugger-port',
    tier: 2,
    spec: 'Debugger port per language (Node inspector 9229, Bun 6499)',
    check(c) {
      if (c.plan.app.kind !== 'server') return undefined;
      // Bun's inspector is only wired for the entry point, not for package scripts it runs.
      if (
        (c.plan.app.language.name === 'bun' || c.plan.app.packageManager?.name === 'bun') &&
        !/--inspect/.test(c.file('compose.override.yaml') ?? '')
      )
        return undefined;
      // Rust has no standard remote-debug port (rust-gdb/lldb run inside the dev container).
      if (c.plan.app.language.name === 'rust') return undefined;
      // .NET: vsdbg attaches through `docker exec` (pipeTransport), it has no port to publish.
      if (c.plan.app.language.name === 'dotnet') return undefined;
      const app = c.override?.services[appService(c)];
      const ports = (app?.ports as string[] | undefined) ?? [];
      // Delve (Go) listens on 2345, JDWP (Java) on 5005, debugpy (Python) on 5678.
      return ports.some((p) => /:(9229|6499|2345|5005|5678)$/.test(p)) || 'no debugger port mapping';
    },
  },
  {
    id: 'env-example',
    tier: 2,
    spec: '.env.example with every variable the code reads, documented',
    check(c) {
      const text = c.file('.env.example');
      if (text === undefined) return 'no .env.example';
      const missing = c.plan.app.env
        .filter((e) => !new RegExp(`^${e.name}=`, 'm').test(text))
        .map((e) => e.name);
      return missing.length === 0 || `missing ${missing.join(', ')}`;
    },
  },
  {
    id: 'readme',
    tier: 2,
    spec: 'README.Docker.md with build, run and environment documentation',
    check: (c) => (c.file('README.Docker.md')?.includes('docker build') ? true : 'no README.Docker.md'),
  },
  // ---- tier 3 (production) ----
  {
    id: 'build-test-production',
    tier: 3,
    spec: 'Multi-stage Dockerfile (build → test → production)',
    check(c) {
      const stages = c.dockerfile.instructions
        .filter((i) => i.keyword === 'FROM')
        .map((i) => i.args[2]?.value.toLowerCase());
      if (!stages.includes('test')) return 'no `test` stage';
      return stages.at(-1) !== 'test' || 'the `test` stage is the final stage';
    },
  },
  {
    id: 'read-only-root',
    tier: 3,
    spec: 'Read-only root filesystem where possible (writable paths as tmpfs)',
    check(c) {
      const app = c.compose?.services[appService(c)];
      if (!app) return 'no app service';
      if (app.read_only !== true) return 'app service is not read_only';
      return (Array.isArray(app.tmpfs) && app.tmpfs.includes('/tmp')) || 'no tmpfs for /tmp';
    },
  },
  {
    id: 'capabilities-dropped',
    tier: 3,
    spec: 'Dropped capabilities and no-new-privileges in the production compose file',
    check(c) {
      const bad = services(c)
        .filter(([, s]) => !(Array.isArray(s.cap_drop) && s.cap_drop.includes('ALL')))
        .map(([n]) => n);
      const noNnp = services(c)
        .filter(
          ([, s]) => !(Array.isArray(s.security_opt) && s.security_opt.includes('no-new-privileges:true')),
        )
        .map(([n]) => n);
      if (bad.length) return `cap_drop [ALL] missing on ${bad.join(', ')}`;
      return noNnp.length === 0 || `no-new-privileges missing on ${noNnp.join(', ')}`;
    },
  },
  {
    id: 'trivy-config',
    tier: 3,
    spec: 'Trivy scan configuration',
    check(c) {
      const config = c.file(c.plan.release?.paths.trivyConfig ?? 'trivy.yaml');
      if (!config) return 'no trivy.yaml';
      if (!/CRITICAL/.test(config)) return 'trivy.yaml does not fail on CRITICAL';
      return c.file(c.plan.release?.paths.trivyIgnore ?? '.trivyignore') !== undefined || 'no .trivyignore';
    },
  },
  {
    id: 'ci-pipeline',
    tier: 3,
    spec: 'CI/CD pipeline file (GitHub Actions / GitLab CI / Jenkins / CircleCI)',
    check: (c) => (pipelineText(c) ? true : `no ${c.plan.release?.paths.pipeline ?? 'pipeline'}`),
  },
  {
    id: 'cosign-signing',
    tier: 3,
    spec: 'Cosign signing configuration',
    check: (c) => /\bcosign sign\b/.test(pipelineText(c) ?? '') || 'the pipeline does not run `cosign sign`',
  },
  {
    id: 'vulnerability-scan-in-ci',
    tier: 3,
    spec: 'Vulnerability scan in the pipeline (fail on CRITICAL/HIGH)',
    check: (c) => /trivy/i.test(pipelineText(c) ?? '') || 'the pipeline does not run Trivy',
  },
  // ---- tier 4 (enterprise) ----
  {
    id: 'bake-multi-arch',
    tier: 4,
    spec: 'Multi-arch build configuration (docker buildx bake)',
    check(c) {
      const bake = c.file(c.plan.release?.paths.bake ?? 'docker-bake.hcl');
      if (!bake) return 'no docker-bake.hcl';
      return (c.plan.release?.platforms.length ?? 0) > 1 || 'only one platform';
    },
  },
  {
    id: 'sbom',
    tier: 4,
    spec: 'SBOM generation (syft / docker sbom)',
    check: (c) =>
      /type=sbom|--sbom|sbom:\s*true|cyclonedx|spdx/i.test(releaseText(c)) || 'no SBOM step or attestation',
  },
  {
    id: 'slsa-provenance',
    tier: 4,
    spec: 'SLSA provenance attestation',
    check: (c) => /mode=max/.test(releaseText(c)) || 'no provenance with mode=max',
  },
  {
    id: 'harbor-values',
    tier: 4,
    spec: 'Harbor/registry deployment values',
    check: (c) => c.file(c.plan.release?.paths.harborValues ?? '') !== undefined || 'no Harbor values',
  },
  {
    id: 'gitops-promotion',
    tier: 4,
    spec: 'GitOps promotion pipeline',
    check: (c) => /kustomize edit set image/.test(releaseText(c)) || 'no promotion step',
  },
  {
    id: 'falco-rules',
    tier: 4,
    spec: 'Runtime security policy (Falco rules)',
    check: (c) => /^- rule:/m.test(c.file(c.plan.release?.paths.falcoRules ?? '') ?? '') || 'no Falco rules',
  },
  {
    id: 'compliance-mapping',
    tier: 4,
    spec: 'Compliance documentation mapping',
    check(c) {
      const doc = c.file(c.plan.release?.paths.compliance ?? '');
      if (!doc) return 'no COMPLIANCE.md';
      const missing = ['PCI', 'SOC 2', 'CIS'].filter((f) => !doc.includes(f));
      return missing.length === 0 || `does not map ${missing.join(', ')}`;
    },
  },
  {
    id: 'base-digests',
    tier: 4,
    spec: 'Base images pinned by digest',
    check(c) {
      const loose = baseImages(c).filter((image) => !image.includes('@sha256:'));
      return loose.length === 0 || `not pinned: ${loose.join(', ')}`;
    },
  },
];

/**
 * The registry images the Dockerfile's FROM lines pull, in order: not earlier stages, not `scratch` (the empty
 * image, nothing to pin — Go/Rust static binaries).
 */
function baseImages(c: CheckContext): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const i of c.dockerfile.instructions) {
    if (i.keyword !== 'FROM') continue;
    const image = i.args[0]?.value ?? '';
    if (!stages.has(image) && image !== 'scratch') images.push(image);
    const name = i.args[2]?.value;
    if (name) stages.add(name);
  }
  return images;
}

/** The CI pipeline file's text (tier 3+). */
function pipelineText(c: CheckContext): string | undefined {
  const path = c.plan.release?.paths.pipeline;
  return path ? c.file(path) : undefined;
}

/** Every tier 3–4 file outside the Dockerfile and compose, concatenated (for "is it anywhere" items). */
function releaseText(c: CheckContext): string {
  return c.files
    .filter((f) => !['dockerfile', 'compose', 'dockerignore', 'env-example'].includes(f.kind))
    .map((f) => f.content)
    .join('\n');
}

function appService(c: CheckContext): string {
  return Object.keys(c.compose?.services ?? {})[0] ?? '';
}

export function checklistFor(tier: Tier): ChecklistItem[] {
  return CHECKLIST.filter((i) => i.tier <= tier);
}

export interface ChecklistResult {
  readonly id: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** Run the checklist of the plan's tier over the rendered files; items that do not apply are left out. */
export function runChecklist(plan: SetupPlan, files: readonly RenderedFile[]): ChecklistResult[] {
  const dockerfile = files.find((f) => f.kind === 'dockerfile');
  if (!dockerfile) return [{ id: 'dockerfile', ok: false, detail: 'no Dockerfile' }];
  const ast = parseDockerfile(dockerfile.content);
  const lastFrom = ast.instructions.findLastIndex((i) => i.keyword === 'FROM');
  const yamlOf = (path: string) => {
    const f = files.find((x) => x.path === path);
    return f ? (parseYaml(f.content) as ComposeData) : undefined;
  };
  const compose = yamlOf('compose.yaml');
  const override = yamlOf('compose.override.yaml');
  const ctx: CheckContext = {
    plan,
    files,
    dockerfile: { text: dockerfile.content, instructions: ast.instructions },
    final: ast.instructions.slice(lastFrom),
    ...(compose ? { compose } : {}),
    ...(override ? { override } : {}),
    file: (path) => files.find((f) => f.path === path)?.content,
  };
  const out: ChecklistResult[] = [];
  for (const item of checklistFor(plan.tier)) {
    const r = item.check(ctx);
    if (r === undefined) continue;
    out.push(r === true ? { id: item.id, ok: true } : { id: item.id, ok: false, detail: r });
  }
  return out;
}
