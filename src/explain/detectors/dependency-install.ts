import { locateStep } from '../project.js';
import type { Detector, Finding, LogLine, NormalizedLog, ProjectInfo } from '../types.js';
import { finding, rangesOf, stepErrorLine } from '../util.js';

interface Pattern {
  readonly manager: string;
  readonly cause: string;
  readonly re: RegExp;
  /** Package from the match, or from a following line. */
  readonly pkg?: (m: RegExpExecArray, log: NormalizedLog, line: LogLine) => { name?: string; line?: LogLine };
  readonly fix: (pkg: string) => string;
}

const NPM = 'npm (?:ERR!|error)';

function following(
  log: NormalizedLog,
  line: LogLine,
  re: RegExp,
  within = 8,
): { name?: string; line?: LogLine } {
  const idx = log.lines.indexOf(line);
  for (const l of log.lines.slice(idx + 1, idx + 1 + within)) {
    const m = re.exec(l.body);
    if (m) return { name: m[1]!, line: l };
  }
  return {};
}

const decodeNpm = (s: string) => decodeURIComponent(s.replace(/%2f/gi, '/'));

const PATTERNS: readonly Pattern[] = [
  {
    manager: 'apt',
    cause: 'apt-package-not-found',
    re: /^E: Unable to locate package (\S+)/,
    fix: (p) =>
      `apt cannot find "${p}" in this base image's package lists. Run \`apt-get update\` in the same RUN as the install (\`RUN apt-get update && apt-get install -y --no-install-recommends ${p}\`), check the name for this Debian/Ubuntu release (packages are renamed between releases, e.g. python-dev → python3-dev, libssl1.1 → libssl3), and pin the base image tag so the release cannot change under you.`,
  },
  {
    manager: 'apt',
    cause: 'apt-no-candidate',
    re: /^E: Package '([^']+)' has no installation candidate/,
    fix: (p) =>
      `"${p}" exists only as a virtual or obsolete package in this release. Install the package that replaces it (apt-cache policy / packages.debian.org list the successor) and pin the base image tag.`,
  },
  {
    manager: 'apt',
    cause: 'apt-version-not-found',
    re: /^E: Version '[^']+' for '([^']+)' was not found/,
    fix: (p) =>
      `The pinned version of "${p}" is no longer in the archive (Debian drops superseded versions). Update the pin to the version \`apt-cache policy ${p}\` shows for the base image, or pin the base image by digest together with the package versions.`,
  },
  {
    manager: 'apt',
    cause: 'apt-fetch-failed',
    re: /^E: Failed to fetch \S*\/pool\/\S+\/([a-z0-9.+-]+)_[^/\s]+\.deb/,
    fix: (p) =>
      `Downloading "${p}" failed: the package lists are stale (a cached \`apt-get update\` layer) or the mirror is unreachable. Put \`apt-get update\` and \`apt-get install\` in one RUN so they are cached together, and rebuild.`,
  },
  {
    manager: 'apk',
    cause: 'apk-package-not-found',
    re: /^ERROR: unable to select packages:/,
    pkg: (_m, log, line) => following(log, line, /^\s*([^\s(]+)\s+\(no such package\)/),
    fix: (p) =>
      `apk cannot find "${p}" in this Alpine release's repositories. Check the Alpine package name (pkgs.alpinelinux.org; they differ from Debian's, e.g. build-base, postgresql-dev), whether it lives in the community repository, and pin the alpine tag.`,
  },
  {
    manager: 'apk',
    cause: 'apk-package-not-found',
    re: /^\s*([^\s(]+)\s+\(no such package\)/,
    fix: (p) =>
      `apk cannot find "${p}" in this Alpine release's repositories. Check the Alpine package name (pkgs.alpinelinux.org), whether it lives in the community repository, and pin the alpine tag.`,
  },
  {
    manager: 'pip',
    cause: 'pip-version-not-found',
    re: /(?:Could not find a version that satisfies the requirement|No matching distribution found for) ([^\s(]+)/,
    fix: (p) =>
      `pip found no release of "${p}" for this Python version and platform. Check the version pin, the image's Python version (a too-new or too-old Python has no wheels), and the platform (Alpine/musl or arm64 may lack wheels); pin the base image to the Python version the lock file was made with.`,
  },
  {
    manager: 'pip',
    cause: 'pip-build-failed',
    re: /(?:Failed building wheel for ([\w.-]+)|Building wheel for ([\w.-]+) \(.*\) did not run successfully|Failed to build ([\w.-]+))/,
    pkg: (m) => ({ name: (m[1] ?? m[2] ?? m[3])! }),
    fix: (p) =>
      `"${p}" has no wheel for this image and compiling it failed: the build toolchain or headers are missing (e.g. gcc, python3-dev, libpq-dev / pg_config). Install them in a build stage only (\`apt-get install -y build-essential libpq-dev\`, or \`apk add build-base postgresql-dev\`), or use a package with binary wheels (psycopg[binary]) or a non-Alpine base.`,
  },
  {
    manager: 'npm',
    cause: 'npm-package-not-found',
    re: new RegExp(`${NPM} 404 +'((?:@[^/\\s]+/)?[^@'\\s]+)@[^']*' is not in (?:this|the npm) registry`),
    fix: (p) =>
      `npm cannot find "${p}" in the registry. Check the name and version in package.json; for a private or scoped package, give the build the registry token as a secret (\`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\`) rather than an ARG.`,
  },
  {
    manager: 'npm',
    cause: 'npm-package-not-found',
    re: new RegExp(`${NPM} 404 Not Found - GET https?://\\S+?/((?:@[^/\\s]+(?:%2f|/))?[^/\\s]+) - `, 'i'),
    pkg: (m) => ({ name: decodeNpm(m[1]!) }),
    fix: (p) =>
      `npm cannot find "${p}" in the registry. Check the name and version in package.json; for a private or scoped package, give the build the registry token as a secret (\`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\`) rather than an ARG.`,
  },
  {
    manager: 'npm',
    cause: 'npm-lock-out-of-sync',
    re: /`npm ci` can only install packages when your package\.json and package-lock\.json/,
    pkg: (_m, log, line) => following(log, line, /Missing: (\S+?)(?:@\S+)? from lock file/),
    fix: (p) =>
      `package-lock.json does not match package.json${p ? ` ("${p}" is missing from the lock file)` : ''}. Run \`npm install\` locally, commit the updated package-lock.json, and make sure the Dockerfile copies both files before \`npm ci\`.`,
  },
  {
    manager: 'npm',
    cause: 'npm-peer-conflict',
    re: new RegExp(`${NPM} code ERESOLVE`),
    pkg: (_m, log, line) =>
      following(
        log,
        line,
        /(?:Could not resolve dependency:|Conflicting peer dependency:)\s*(?:peer )?(\S+?)@/,
        12,
      ),
    fix: (p) =>
      `npm could not resolve a peer dependency${p ? ` ("${p}")` : ''}. Align the versions in package.json (or add an \`overrides\` entry), regenerate the lock file locally, and keep \`npm ci\` in the Dockerfile; \`--legacy-peer-deps\` only hides the conflict.`,
  },
  {
    manager: 'npm',
    cause: 'npm-native-build',
    re: /gyp ERR! (?:find Python|stack Error: not found: (make|g\+\+|python3?))/,
    pkg: (_m, log, line) =>
      following(
        log,
        line,
        /(?:npm (?:ERR!|error) path \/\S*node_modules\/((?:@[^/\s]+\/)?[^/\s]+)|gyp ERR! cwd \/\S*node_modules\/((?:@[^/\s]+\/)?[^/\s]+))/,
        20,
      ),
    fix: (p) =>
      `A native addon${p ? ` ("${p}")` : ''} is compiled with node-gyp and the image lacks python3, make or g++. Install them in the build stage only (\`apt-get install -y python3 make g++\` / \`apk add python3 make g++\`), or use a package version with prebuilt binaries for this platform.`,
  },
  {
    manager: 'yarn',
    cause: 'yarn-package-not-found',
    re: /error (?:An unexpected error occurred: "https?:\/\/\S+?\/((?:@[^/\s]+(?:%2f|\/))?[^/\s:"]+): Not found|Couldn't find package "([^"]+)")/,
    pkg: (m) => ({ name: decodeNpm((m[1] ?? m[2])!) }),
    fix: (p) =>
      `yarn cannot find "${p}" in the registry. Check the name and version, and for private packages pass the token as a build secret.`,
  },
  {
    manager: 'pnpm',
    cause: 'pnpm-package-not-found',
    re: /ERR_PNPM_FETCH_404\s+GET https?:\/\/\S+?\/((?:@[^/\s]+(?:%2f|\/))?[^/\s:]+)/,
    pkg: (m) => ({ name: decodeNpm(m[1]!) }),
    fix: (p) =>
      `pnpm cannot find "${p}" in the registry. Check the name and version, and for private packages pass the token as a build secret.`,
  },
  {
    manager: 'go',
    cause: 'go-module-fetch',
    re: /^go: (?:downloading )?([\w.-]+\.[a-z]{2,}\/\S+?)@(\S+): .*(?:unknown revision|invalid version|404 Not Found|410 Gone|terminal prompts disabled|not found|reading \S+ at revision)/,
    fix: (p) =>
      `Go cannot fetch module "${p}" at that version. Check the version in go.mod; for a private module set GOPRIVATE and give the build credentials as a secret (\`RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\`), never as an ARG.`,
  },
  {
    manager: 'go',
    cause: 'go-checksum-mismatch',
    re: /verifying ([\w.-]+\.[a-z]{2,}\/\S+?)@\S+: checksum mismatch/,
    fix: (p) =>
      `The downloaded "${p}" does not match go.sum. Run \`go mod tidy\` / \`go mod download\` locally and commit go.sum; if a private proxy serves it, add the module to GONOSUMDB/GOPRIVATE.`,
  },
  {
    manager: 'go',
    cause: 'go-sum-missing',
    re: /missing go\.sum entry for module providing package (\S+)/,
    fix: (p) =>
      `go.sum has no entry for "${p}". Run \`go mod tidy\` locally, commit go.sum, and copy go.mod and go.sum before \`go mod download\`.`,
  },
  {
    manager: 'cargo',
    cause: 'cargo-package-not-found',
    re: /error: no matching package named `([^`]+)` found/,
    fix: (p) =>
      `cargo cannot find the crate "${p}". Check the name in Cargo.toml and the registry configuration; commit Cargo.lock.`,
  },
  {
    manager: 'cargo',
    cause: 'cargo-version-not-found',
    re: /error: failed to select a version for (?:the requirement )?`([^`=\s]+)/,
    fix: (p) =>
      `No version of "${p}" satisfies Cargo.toml (or the image's Rust is older than the crate's MSRV). Fix the requirement or use a newer rust image tag, and build with the committed Cargo.lock (\`cargo build --locked\`).`,
  },
  {
    manager: 'cargo',
    cause: 'cargo-build-script',
    re: /error: failed to run custom build command for `([^`\s]+)/,
    fix: (p) =>
      `The build script of "${p}" failed, usually for missing system libraries (pkg-config, libssl-dev / openssl-dev, and musl-dev on Alpine). Install them in the build stage, or switch the crate to a vendored or rustls feature.`,
  },
  {
    manager: 'maven',
    cause: 'maven-artifact-not-found',
    re: /(?:Could not find artifact|Failure to find|Could not transfer artifact) ([\w.-]+:[\w.-]+:[\w.-]+(?::[\w.-]+)?)/,
    fix: (p) =>
      `Maven cannot resolve "${p}". Check the coordinates and version; for a private repository pass settings.xml as a build secret (\`RUN --mount=type=secret,id=maven,target=/root/.m2/settings.xml mvn -B package\`), and cache ~/.m2 with a cache mount.`,
  },
  {
    manager: 'gradle',
    cause: 'gradle-dependency-not-found',
    re: /Could not (?:resolve|find) ([\w.-]+:[\w.-]+:[\w.+-]+)\.?$/,
    fix: (p) =>
      `Gradle cannot resolve "${p}". Check the coordinates and the repositories block; pass private repository credentials as a build secret and cache ~/.gradle with a cache mount.`,
  },
];

export const dependencyInstall: Detector = {
  situation: 'dependency-install',
  title: 'Dependency install failed',
  docs: 'https://docs.docker.com/build/building/best-practices/#apt-get',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const out: Finding[] = [];
    const seenSteps = new Set<string>();
    for (const line of log.lines) {
      if (line.redraw) continue;
      for (const p of PATTERNS) {
        const m = p.re.exec(line.body);
        if (!m) continue;
        const extra = p.pkg ? p.pkg(m, log, line) : { name: m[1]! };
        const pkg = extra.name ?? '';
        const key = `${line.step?.id ?? ''}:${p.manager}:${pkg}`;
        if (seenSteps.has(key)) break;
        seenSteps.add(key);
        const step = line.step;
        const errorLine = stepErrorLine(log, step);
        out.push(
          finding(this, {
            cause: p.cause,
            title: `${p.manager} could not install ${pkg ? `"${pkg}"` : 'a dependency'}`,
            confidence: 'high',
            evidence: rangesOf([line, extra.line, errorLine]),
            fix: p.fix(pkg),
            step,
            service: line.service,
            locations: locateStep(log, project, step, line.line),
            details: {
              manager: p.manager,
              package: pkg.replace(/(?:==|>=|<=|~=|!=|<|>).*$/, '') || undefined,
              requirement: /[=<>~!]/.test(pkg) ? pkg : undefined,
            },
          }),
        );
        break;
      }
    }
    return out;
  },
};
