import { instructionForStep, instructionLocation } from '../project.js';
import type { Detector, Finding, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { find, finding, formatSize, parseSize, rangesOf } from '../util.js';

const BROAD_COPY = /^(?:COPY|ADD)(?: --(?:chown|chmod|link)\S*)* \.\/? (\S+)$/;
const INSTALL =
  /\b(?:npm (?:ci|install|i)\b|yarn(?: install)?(?:\s|$)|pnpm (?:install|i)\b|pip3? install|poetry install|uv sync|pipenv install|go mod download|go build|bundle install|composer install|mvn\b|gradle\b|\.\/gradlew|cargo (?:build|fetch)|dotnet restore|apt-get install|apk add)/;
const LARGE_CONTEXT_BYTES = 100e6;

export const buildCacheMiss: Detector = {
  situation: 'build-cache-miss',
  title: 'Build cache not used',
  docs: 'https://docs.docker.com/build/cache/optimize/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const out: Finding[] = [];
    const steps = log.steps.filter((s) => s.keyword !== 'INTERNAL');
    for (let i = 0; i < steps.length; i++) {
      const copy = steps[i]!;
      if (copy.cached || !BROAD_COPY.test(copy.instruction.trim())) continue;
      const install = steps
        .slice(i + 1)
        .find(
          (s) => (s.stage ?? '') === (copy.stage ?? '') && s.keyword === 'RUN' && INSTALL.test(s.instruction),
        );
      if (!install || install.cached || install.errored) continue;
      const locations: ProjectLocation[] = [];
      for (const s of [copy, install]) {
        const hit = instructionForStep(project, s);
        if (hit) locations.push(instructionLocation(hit.df, hit.ins));
      }
      out.push(
        finding(this, {
          cause: 'layer-order',
          title: `"${install.instruction.slice(0, 60)}" re-runs on every change: it comes after "${copy.instruction}"`,
          confidence: install.seconds !== undefined && install.seconds >= 5 ? 'high' : 'medium',
          evidence: rangesOf([log.lines[copy.line - 1], log.lines[install.line - 1]]),
          fix: 'Copying the whole context before installing dependencies invalidates the install layer whenever any file changes. Copy only the manifests first (`COPY package.json package-lock.json ./` / requirements.txt / go.mod go.sum / Cargo.toml Cargo.lock), install, then `COPY . .`; add a cache mount for the package manager (`RUN --mount=type=cache,target=/root/.npm npm ci`).',
          step: install,
          locations,
          details: {
            copy: copy.instruction,
            install: install.instruction,
            ...(install.seconds !== undefined ? { installSeconds: install.seconds } : {}),
          },
        }),
      );
      break;
    }
    const ctx = find(
      log,
      /transferring context: (\d+(?:\.\d+)?[kMG]?B)|^Sending build context to Docker daemon\s+(\d+(?:\.\d+)?\s?[kMG]?B)/,
    );
    if (ctx) {
      const m =
        /transferring context: (\d+(?:\.\d+)?[kMG]?B)|Sending build context to Docker daemon\s+(\d+(?:\.\d+)?\s?[kMG]?B)/.exec(
          ctx.body,
        )!;
      const bytes = parseSize((m[1] ?? m[2])!);
      if (bytes !== undefined && bytes > LARGE_CONTEXT_BYTES) {
        const locations: ProjectLocation[] = project?.ignore
          ? [{ file: project.ignore.path, line: 1, via: 'project' }]
          : [];
        out.push(
          finding(this, {
            cause: 'large-context',
            title: `The build context is ${formatSize(bytes)}: every change in it can invalidate COPY layers`,
            confidence: 'medium',
            evidence: rangesOf([ctx]),
            fix: `${project && !project.ignore ? 'The project has no .dockerignore. ' : ''}Exclude what the image does not need (.git, node_modules, build output, local data, logs, .env files) in .dockerignore, so sending the context is fast and unrelated changes do not bust the cache of \`COPY . .\`. \`dockwright lint\` checks the .dockerignore.`,
            locations,
            details: { contextBytes: bytes },
          }),
        );
      }
    }
    return out;
  },
};
