import { describe, expect, it } from 'vitest';
import type { DockerfileModel } from '../../src/generate/model/dockerfile.js';
import { printCompose } from '../../src/generate/print/compose.js';
import { DOCKERFILE_WIDTH, printDockerfile } from '../../src/generate/print/dockerfile.js';
import { dockerfileFromText } from '../../src/generate/print/dockerfile-from-ast.js';
import { parseDockerfile } from '../../src/parse/dockerfile/index.js';

const model: DockerfileModel = {
  syntax: 'docker/dockerfile:1',
  header: ['demo: printer test', ''],
  globalArgs: [{ kind: 'ARG', name: 'NODE_VERSION', default: '22', comment: ['the runtime line'] }],
  stages: [
    {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile build-arg reference, not JavaScript
      from: { kind: 'FROM', image: 'node:${NODE_VERSION}-bookworm-slim', as: 'base', comment: ['toolchain'] },
      instructions: [
        { kind: 'WORKDIR', path: '/app' },
        {
          kind: 'RUN',
          mounts: [
            { type: 'cache', target: '/var/cache/apt', sharing: 'locked' },
            { type: 'secret', id: 'npmrc', target: '/root/.npmrc', required: true },
          ],
          commands: [
            ['apt-get', 'update'],
            [
              'apt-get',
              'install',
              '-y',
              '--no-install-recommends',
              ...Array.from({ length: 14 }, (_, i) => `package-number-${i}`),
            ],
          ],
          comment: ['long chains wrap after && and between words'],
        },
        {
          kind: 'ENV',
          vars: [
            ['GREETING', 'hello world'],
            ['QUOTE', 'say "hi"'],
            ['EMPTY', ''],
          ],
        },
        { kind: 'RUN', commands: [['npm', 'ci']] },
      ],
    },
    {
      from: { kind: 'FROM', image: 'node:22-bookworm-slim', as: 'runtime' },
      instructions: [
        {
          kind: 'COPY',
          from: 'base',
          chown: '1000:1000',
          sources: ['/app/node_modules/'],
          dest: './node_modules/',
        },
        { kind: 'LABEL', labels: [['org.opencontainers.image.version', '$VERSION']] },
        { kind: 'USER', user: '1000:1000' },
        { kind: 'EXPOSE', ports: [3000] },
        {
          kind: 'HEALTHCHECK',
          interval: '30s',
          retries: 3,
          cmd: ['node', '-e', "fetch('http://127.0.0.1:3000/').then(() => 0)"],
        },
        { kind: 'STOPSIGNAL', signal: 'SIGTERM' },
        { kind: 'CMD', args: ['node', 'server.js'] },
      ],
    },
  ],
};

describe('printDockerfile', () => {
  const text = printDockerfile(model);

  it('prints a stable layout', () => {
    expect(text).toMatchInlineSnapshot(`
      "# syntax=docker/dockerfile:1
      # demo: printer test
      #

      # the runtime line
      ARG NODE_VERSION=22

      # toolchain
      FROM node:\${NODE_VERSION}-bookworm-slim AS base
      WORKDIR /app

      # long chains wrap after && and between words
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          --mount=type=secret,id=npmrc,target=/root/.npmrc,required \\
          apt-get update && \\
          apt-get install -y --no-install-recommends package-number-0 package-number-1 package-number-2 \\
              package-number-3 package-number-4 package-number-5 package-number-6 package-number-7 \\
              package-number-8 package-number-9 package-number-10 package-number-11 package-number-12 \\
              package-number-13
      ENV GREETING="hello world" \\
          QUOTE="say \\"hi\\"" \\
          EMPTY=""
      RUN npm ci

      FROM node:22-bookworm-slim AS runtime
      COPY --from=base --chown=1000:1000 /app/node_modules/ ./node_modules/
      LABEL org.opencontainers.image.version=$VERSION
      USER 1000:1000
      EXPOSE 3000
      HEALTHCHECK --interval=30s --retries=3 \\
          CMD ["node", "-e", "fetch('http://127.0.0.1:3000/').then(() => 0)"]
      STOPSIGNAL SIGTERM
      CMD ["node", "server.js"]
      "
    `);
  });

  it('keeps lines within the width where a break is possible', () => {
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(DOCKERFILE_WIDTH);
  });

  it('round-trips: parse → model → print gives the same text and the same model', () => {
    const back = dockerfileFromText(text);
    expect(printDockerfile(back)).toBe(text);
    expect(back).toEqual(model);
  });

  it('is read by the BuildKit-compatible parser as intended (exec form, flags, values)', () => {
    const ast = parseDockerfile(text);
    expect(ast.diagnostics).toEqual([]);
    const cmd = ast.instructions.at(-1)!;
    expect(cmd.form).toBe('json');
    const env = ast.instructions.find((i) => i.keyword === 'ENV');
    expect(env && 'pairs' in env ? env.pairs.map((p) => p.key) : []).toEqual(['GREETING', 'QUOTE', 'EMPTY']);
  });

  it('refuses what the model cannot express (shell-form CMD, heredocs)', () => {
    expect(() => dockerfileFromText('FROM alpine:3.20\nCMD node server.js\n')).toThrow(/exec form/);
    expect(() => dockerfileFromText('FROM alpine:3.20\nONBUILD RUN true\n')).toThrow(/outside the generator/);
  });
});

describe('printCompose', () => {
  it('prints through the yaml library with fixed options and quotes YAML 1.1 hazards', () => {
    const text = printCompose({
      header: ['demo'],
      services: {
        web: {
          image: 'nginx:1.28-alpine',
          ports: ['8080:80', '127.0.0.1:9229:9229'],
          environment: { DEBUG: 'off', RATIO: '1.0' },
          healthcheck: { test: ['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1/'], interval: '10s' },
        },
      },
      volumes: { data: {} },
    });
    expect(text).toMatchInlineSnapshot(`
      "# demo

      services:
        web:
          image: nginx:1.28-alpine
          ports:
            - "8080:80"
            - 127.0.0.1:9229:9229
          environment:
            DEBUG: "off"
            RATIO: "1.0"
          healthcheck:
            test: [CMD, wget, -q, --spider, http://127.0.0.1/]
            interval: 10s

      volumes:
        data: {}
      "
    `);
  });
});
