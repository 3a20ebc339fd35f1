/**
 * `--compare-naive`: the same app built the naive way (one stage, `FROM <full toolchain image>`, `COPY . .`,
 * install/build, CMD) for the spec's success criterion: the generated image is more than 50% smaller.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type NaiveLanguage = 'node' | 'python' | 'go' | 'rust' | 'java' | 'static';

export interface NaivePlan {
  readonly language: NaiveLanguage;
  /** The full toolchain image, most wanted first (`node:22`, then the same major's other full tags). */
  readonly images: readonly string[];
  /** The Dockerfile body after `FROM`. */
  readonly body: string;
}

/** Stand-ins / smaller images to fall back to (largest available wins) when no full toolchain image exists. */
export const FALLBACK_IMAGES: Readonly<Record<NaiveLanguage, readonly string[]>> = {
  node: ['node:22-bookworm', 'node:22', 'node:22-bookworm-slim', 'node:22-slim', 'node:20-bookworm-slim'],
  python: ['python:3.12', 'python:3.12-slim', 'python:3.12-slim-bookworm'],
  go: ['golang:1.23', 'golang:1.23-bookworm'],
  rust: ['rust:1', 'rust:1-bookworm', 'rust:1-slim-bookworm'],
  java: ['eclipse-temurin:21-jdk', 'maven:3-eclipse-temurin-21'],
  static: ['node:22-bookworm', 'node:22-bookworm-slim', 'debian:bookworm-slim'],
};

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined)) !== undefined;
}

async function readText(p: string): Promise<string | undefined> {
  return readFile(p, 'utf8').catch(() => undefined);
}

/** `FROM` line + body as one Dockerfile. */
export function naiveDockerfile(image: string, plan: NaivePlan): string {
  return `# dockwright verify --compare-naive: a naive single-stage build of the same app\nFROM ${image}\n${plan.body}`;
}

/** The naive build of the app in `dir`, or undefined when the language is not recognised. */
export async function naivePlan(dir: string): Promise<NaivePlan | undefined> {
  const pkgText = await readText(join(dir, 'package.json'));
  if (pkgText !== undefined) {
    let pkg: { scripts?: Record<string, string>; engines?: { node?: string }; main?: string } = {};
    try {
      pkg = JSON.parse(pkgText) as typeof pkg;
    } catch {}
    const nvmrc =
      (await readText(join(dir, '.nvmrc')))?.trim() ?? (await readText(join(dir, '.node-version')))?.trim();
    const major = /(\d+)/.exec(nvmrc ?? pkg.engines?.node ?? '')?.[1] ?? '22';
    const lock = (await exists(join(dir, 'package-lock.json'))) ? 'npm ci' : 'npm install';
    const install = (await exists(join(dir, 'pnpm-lock.yaml')))
      ? 'corepack enable && pnpm install'
      : (await exists(join(dir, 'yarn.lock')))
        ? 'yarn install'
        : lock;
    const build = pkg.scripts?.build ? ' && npm run build' : '';
    const cmd = pkg.scripts?.start ? '["npm", "start"]' : `["node", "${pkg.main ?? 'index.js'}"]`;
    return {
      language: 'node',
      images: [`node:${major}`, `node:${major}-bookworm`],
      body: `WORKDIR /app\nCOPY . .\nRUN ${install}${build}\nCMD ${cmd}\n`,
    };
  }
  if (
    (await exists(join(dir, 'requirements.txt'))) ||
    (await exists(join(dir, 'pyproject.toml'))) ||
    (await exists(join(dir, 'app.py')))
  ) {
    const v = /(\d+\.\d+)/.exec((await readText(join(dir, '.python-version'))) ?? '')?.[1] ?? '3.12';
    const req = (await exists(join(dir, 'requirements.txt')))
      ? 'RUN pip install -r requirements.txt\n'
      : (await exists(join(dir, 'pyproject.toml')))
        ? 'RUN pip install .\n'
        : '';
    const main = (await exists(join(dir, 'main.py'))) ? 'main.py' : 'app.py';
    return {
      language: 'python',
      images: [`python:${v}`],
      body: `WORKDIR /app\nCOPY . .\n${req}CMD ["python", "${main}"]\n`,
    };
  }
  const gomod = await readText(join(dir, 'go.mod'));
  if (gomod !== undefined) {
    const v = /^go (\d+\.\d+)/m.exec(gomod)?.[1] ?? '1.23';
    return {
      language: 'go',
      images: [`golang:${v}`],
      body: 'WORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nCMD ["/app/server"]\n',
    };
  }
  if (await exists(join(dir, 'Cargo.toml'))) {
    return {
      language: 'rust',
      images: ['rust:1'],
      body: 'WORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["sh", "-c", "exec ./target/release/$(ls target/release | head -n1)"]\n',
    };
  }
  if ((await exists(join(dir, 'pom.xml'))) || (await exists(join(dir, 'build.gradle')))) {
    return {
      language: 'java',
      images: ['maven:3-eclipse-temurin-21'],
      body: 'WORKDIR /app\nCOPY . .\nRUN mvn -q package -DskipTests\nCMD ["sh", "-c", "exec java -jar target/*.jar"]\n',
    };
  }
  if (await exists(join(dir, 'index.html'))) {
    return {
      language: 'static',
      images: ['node:22'],
      body: 'WORKDIR /app\nCOPY . .\nRUN npm install -g http-server\nCMD ["http-server", "-p", "8080"]\n',
    };
  }
  return undefined;
}

/** Percentage by which `size` is smaller than `naive` (one decimal). */
export function reductionPct(size: number, naive: number): number {
  if (naive <= 0) return 0;
  return Math.round(((naive - size) / naive) * 1000) / 10;
}
