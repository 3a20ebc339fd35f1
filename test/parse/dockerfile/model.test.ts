import { describe, expect, it } from 'vitest';
import { buildModel, type Instruction, parseDockerfile } from '../../../src/parse/dockerfile/index.js';

function model(src: string, opts?: Parameters<typeof buildModel>[1]) {
  const ast = parseDockerfile(src);
  expect(ast.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildModel(ast, opts);
}

const find = (list: readonly Instruction[], kw: string, n = 0) => list.filter((i) => i.keyword === kw)[n]!;

describe('stages', () => {
  const src = [
    'ARG NODE=20',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variable syntax
    'FROM node:${NODE}-alpine AS deps',
    'ENV A=1',
    'FROM deps AS Build',
    'ENV B=$A-2',
    'RUN --mount=type=cache,target=/c,from=deps true',
    'FROM scratch',
    'COPY --from=build /app /app',
    'COPY --from=0 /x /x',
    'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
    'COPY --from=later /y /y',
    'FROM alpine AS later',
    '',
  ].join('\n');
  const m = model(src);

  it('indexes, names, base images and base stages', () => {
    expect(m.stages.map((s) => [s.index, s.name, s.base.expanded, s.baseStage?.index])).toEqual([
      [0, 'deps', 'node:20-alpine', undefined],
      [1, 'build', 'deps', 0],
      [2, undefined, 'scratch', undefined],
      [3, 'later', 'alpine', undefined],
    ]);
    expect(m.stages[0]!.base.ref?.tag).toBe('20-alpine');
    expect(m.stages[2]!.base.ref?.isScratch).toBe(true);
    expect(m.stages[1]!.instructions.map((i) => i.keyword)).toEqual(['ENV', 'RUN']);
  });

  it('ENV accumulates and is inherited from the base stage', () => {
    expect(Object.fromEntries(m.stages[0]!.env)).toEqual({ A: '1' });
    expect(Object.fromEntries(m.stages[1]!.env)).toEqual({ A: '1', B: '1-2' });
    expect(m.stages[2]!.env.size).toBe(0);
  });

  it('references: --from by name, index, image; RUN --mount from', () => {
    expect(
      m.references.map((r) => [
        r.kind,
        r.value,
        r.target.kind,
        r.target.kind === 'stage' ? r.target.stage.index : r.target.kind === 'image' ? r.target.ref.name : '',
      ]),
    ).toEqual([
      ['mount-from', 'deps', 'stage', 0],
      ['copy-from', 'build', 'stage', 1],
      ['copy-from', '0', 'stage', 0],
      ['copy-from', 'nginx:1.27', 'image', 'nginx'],
      ['copy-from', 'later', 'unresolved', ''],
    ]);
    const ref = m.references[1]!;
    expect(src.slice(ref.range.start, ref.range.end)).toBe('build');
  });
});

describe('ARG scoping', () => {
  const src = [
    'ARG VERSION=1.0',
    'ARG UNSET',
    'FROM alpine:$VERSION',
    'RUN echo',
    'ARG VERSION',
    'ARG LOCAL=x-$VERSION',
    'ARG TARGETARCH',
    'WORKDIR /src/$VERSION/$LOCAL/$TARGETARCH',
    'ENV LOCAL=env-wins',
    'USER $LOCAL',
    '',
  ].join('\n');

  it('global ARGs are visible in FROM, and in a stage only after re-declaration', () => {
    const m = model(src);
    expect(m.stages[0]!.base.expanded).toBe('alpine:1.0');
    const stage = m.stages[0]!.instructions;
    expect(m.scopeAt(find(stage, 'RUN')).lookup('VERSION')).toBeUndefined();
    const wd = find(stage, 'WORKDIR');
    expect(m.expand(wd, '/src/$VERSION/$LOCAL/$TARGETARCH')).toMatchObject({ value: '/src/1.0/x-1.0/amd64' });
    expect(m.scopeAt(wd).args.get('VERSION')).toBe('1.0');
    expect(m.globalArgs.get('UNSET')).toBeUndefined();
    expect(m.globalArgs.has('UNSET')).toBe(true);
  });

  it('ENV wins over ARG; build args and platform override defaults', () => {
    const m = model(src, { buildArgs: { VERSION: '2.0' }, targetPlatform: 'linux/arm64/v8' });
    expect(m.stages[0]!.base.expanded).toBe('alpine:2.0');
    const stage = m.stages[0]!.instructions;
    expect(m.expand(find(stage, 'USER'), '$LOCAL')).toMatchObject({ value: 'env-wins' });
    expect(m.scopeAt(find(stage, 'WORKDIR')).lookup('TARGETARCH')).toBe('arm64');
  });

  it('platform ARGs are automatic in the global scope', () => {
    const m = model('FROM --platform=$BUILDPLATFORM golang AS b\n', { buildPlatform: 'linux/arm64' });
    expect(m.stages[0]!.platform).toBe('linux/arm64');
  });
});
