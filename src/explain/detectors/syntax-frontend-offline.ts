import type { Detector, Finding, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { finding, rangesOf } from '../util.js';

const FRONTEND = /(docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?/;
const FAILURE =
  /failed to resolve source metadata|failed to do request|no such host|i\/o timeout|connection refused|network is unreachable|frontend gateway\.v0|failed to fetch|failed to authorize|pull access denied|TLS handshake timeout/;

export const syntaxFrontendOffline: Detector = {
  situation: 'syntax-frontend-offline',
  title: '# syntax frontend unreachable',
  docs: 'https://docs.docker.com/build/buildkit/frontend/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const failure = log.lines.find(
      (l) =>
        !l.redraw &&
        ((FRONTEND.test(l.body) && FAILURE.test(l.body)) ||
          /failed to solve with frontend gateway\.v0/.test(l.body)),
    );
    if (!failure) return [];
    // BuildKit plain: `#2 resolve image config for docker.io/docker/dockerfile:1` then `#2 ERROR: …`.
    const resolve = log.lines.find(
      (l) => !l.redraw && /resolve image config for \S*docker\/dockerfile/.test(l.body),
    );
    const stepError = resolve?.step
      ? log.lines.find((l) => l.step === resolve.step && /^ERROR/.test(l.body))
      : undefined;
    const frontend =
      FRONTEND.exec(resolve?.body ?? '')?.[0] ?? FRONTEND.exec(failure.body)?.[0] ?? 'docker/dockerfile';
    const locations: ProjectLocation[] = [];
    for (const df of project?.dockerfiles ?? []) {
      const d = df.ast.directives.find((x) => x.name === 'syntax');
      if (d)
        locations.push({
          file: df.path,
          line: df.ast.source.positionAt(d.range.start).line,
          what: `# syntax=${d.value}`,
          via: 'project',
        });
    }
    return [
      finding(this, {
        cause: 'frontend-pull-failed',
        title: `BuildKit could not fetch the Dockerfile frontend ${frontend}`,
        confidence: 'high',
        evidence: rangesOf([resolve, stepError, failure]),
        fix: `The \`# syntax=${frontend.replace(/^docker\.io\//, '')}\` line makes BuildKit pull that frontend image before reading the Dockerfile, which fails offline or behind a registry block. Remove (or comment out) the line to use the engine's built-in frontend: it supports RUN --mount (cache, bind, secret) on BuildKit 20.10+, but not heredocs or newer flags. Or make the image available: pull it once while online (it is cached), mirror it into a local registry and point \`# syntax=\` at it, or set BUILDKIT_SYNTAX to a reachable frontend.`,
        locations,
        details: { frontend },
      }),
    ];
  },
};
