import { normalizeImageRef, parseImageRef } from '../../parse/dockerfile/index.js';
import { allInstructions, composeLocation, instructionLocation } from '../project.js';
import type { Detector, Finding, LogLine, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { finding, rangesOf } from '../util.js';

interface Cause {
  readonly cause: string;
  readonly re: RegExp;
  readonly title: (image: string | undefined, m: RegExpExecArray) => string;
  readonly fix: (image: string | undefined, m: RegExpExecArray) => string;
}

const IMAGE_IN_LINE = [
  /pull access denied for ([^\s,]+)/,
  /failed to resolve source metadata for ([^\s:]+(?::[\w.-]+)?(?:@sha256:\w+)?)/,
  /manifest for ([^\s]+) not found/,
  /\/v2\/([^"\s]+?)\/manifests\/([^"\s]+)/,
  /(?:Pulling|pulling|pull) (?:from |image )?([\w./-]+:[\w.-]+)/,
  /image "?([\w./-]+(?::[\w.-]+)?)"?/,
];

const CAUSES: readonly Cause[] = [
  {
    cause: 'rate-limit',
    re: /toomanyrequests|You have reached your (?:unauthenticated )?pull rate limit/,
    title: (i) => `Docker Hub pull rate limit reached${i ? ` pulling ${i}` : ''}`,
    fix: () =>
      'Anonymous pulls are limited per IP (shared CI runners hit it first). Log in (`docker login`; in CI with a token), use a pull-through cache or mirror (`registry-mirrors` in daemon.json), or copy the base images to your own registry (ECR/GHCR public mirrors of official images).',
  },
  {
    cause: 'platform-mismatch',
    re: /no matching manifest for ([\w/]+) in the manifest list entries|no match for platform in manifest|does not match the specified platform/,
    title: (i, m) => `${i ?? 'The image'} has no variant for ${m[1] ?? 'this platform'}`,
    fix: (i) =>
      `${i ?? 'The image'} is not published for this platform. Pick a tag that is (check with \`docker buildx imagetools inspect ${i ?? '<image>'}\`), use another base for that architecture, or build/pull with \`--platform linux/amd64\` under emulation.`,
  },
  {
    cause: 'access-denied',
    re: /pull access denied|denied: requested access to the resource is denied|unauthorized: authentication required|no basic auth credentials|unauthorized: incorrect username or password|403 Forbidden/,
    title: (i) => `Access to ${i ?? 'the image'} denied`,
    fix: (i) =>
      `Either ${i ?? 'the image'} does not exist under that name (Docker Hub answers "denied" for both; check spelling and namespace) or it is private: \`docker login <registry>\` with an account that can read it (in CI, a token with read:packages / pull scope), and check credential helpers in ~/.docker/config.json.`,
  },
  {
    cause: 'unknown-tag',
    re: /manifest unknown|manifest for \S+ not found|failed to resolve source metadata for \S+: (?:docker\.io\/\S+: )?not found/,
    title: (i) => `${i ?? 'The image tag'} does not exist`,
    fix: (i) =>
      `The tag of ${i ?? 'the image'} is not in the registry (a typo, a removed tag, or a version that was never published). List the tags (\`docker buildx imagetools inspect\`, \`skopeo list-tags docker://…\`) and pin an existing one.`,
  },
  {
    cause: 'registry-unreachable',
    re: /failed to do request: (?:Head|Get) "https?:\/\/[^"]+".*(?:no such host|i\/o timeout|connection refused|network is unreachable)|dial tcp: lookup \S*(?:registry|docker\.io)\S* .*no such host|Get "https:\/\/[^"]*\/v2\/": (?:dial tcp|net\/http)/,
    title: (i) => `The registry for ${i ?? 'the image'} is unreachable`,
    fix: (i) =>
      `The engine cannot reach the registry (offline, DNS, or a proxy the daemon does not use). Configure the daemon's proxy (systemd drop-in HTTP_PROXY/HTTPS_PROXY for dockerd, not just the shell), use a mirror, or load the image from elsewhere (\`docker load\`, a local registry) and build with \`--pull=false\`${i ? ` once ${i} is present locally` : ''}.`,
  },
];

function imageOf(line: LogLine): string | undefined {
  for (const re of IMAGE_IN_LINE) {
    const m = re.exec(line.body);
    if (m) return m[2] ? `${m[1]}:${m[2]}` : m[1];
  }
  return undefined;
}

function sameImage(a: string, b: string): boolean {
  const na = normalizeImageRef(parseImageRef(a));
  const nb = normalizeImageRef(parseImageRef(b));
  return na.familiar === nb.familiar || na.canonical === nb.canonical;
}

export const pullFailure: Detector = {
  situation: 'pull-failure',
  title: 'Image pull or registry auth failed',
  docs: 'https://docs.docker.com/docker-hub/usage/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    for (const c of CAUSES) {
      const line = log.lines.find(
        (l) => !l.redraw && c.re.test(l.body) && !/docker\/dockerfile/.test(l.body),
      );
      if (!line) continue;
      const m = c.re.exec(line.body)!;
      let image = imageOf(line);
      if (!image) {
        // The step that pulled: `#3 [internal] load metadata for docker.io/library/node:22-alpine`, `FROM …`.
        const meta = log.lines.find(
          (l) => l.line <= line.line && /load metadata for (\S+)|^FROM (\S+)|Pulling from (\S+)/.test(l.body),
        );
        const mm = meta ? /load metadata for (\S+)|^FROM (\S+)|Pulling from (\S+)/.exec(meta.body) : null;
        image = mm ? (mm[1] ?? mm[2] ?? mm[3]) : undefined;
      }
      image = image
        ?.replace(/^docker\.io\/(?:library\/)?/, '')
        .replace(/^registry-1\.docker\.io\/(?:library\/)?/, '');
      const locations: ProjectLocation[] = [];
      if (image) {
        for (const { df, ins } of allInstructions(project)) {
          if (ins.keyword === 'FROM' && ins.image && sameImage(ins.image.raw ?? '', image))
            locations.push(instructionLocation(df, ins));
        }
        for (const [name, svc] of Object.entries(project?.compose?.project.model.services ?? {})) {
          if (svc.image && sameImage(svc.image, image)) {
            const loc = composeLocation(project, ['services', name, 'image']);
            if (loc) locations.push(loc);
          }
        }
      }
      return [
        finding(this, {
          cause: c.cause,
          title: c.title(image, m),
          confidence: 'high',
          evidence: rangesOf([line]),
          fix: c.fix(image, m),
          step: line.step,
          locations,
          details: image ? { image } : {},
        }),
      ];
    }
    return [];
  },
};
