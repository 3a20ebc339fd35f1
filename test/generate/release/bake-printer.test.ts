// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL interpolations are written as ${NAME}
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { type BakeFileModel, hclObject, hclRaw, hclTemplate } from '../../../src/generate/model/bake.js';
import { hclString, printBake, wrapComment } from '../../../src/generate/print/bake.js';

/**
 * The HCL printer for docker-bake.hcl, checked against HashiCorp's own HCL parser (@cdktf/hcl2json, HCL compiled
 * to wasm): escaping, lists, objects, alignment. hcl2json reports literal `${` as `$${` and whole expressions as
 * `${expr}`, which the expectations below follow.
 */

async function attribute(value: string): Promise<unknown> {
  const json = await parse('t.hcl', `target "t" {\n  v = ${value}\n}\n`);
  return (json as { target: { t: [{ v: unknown }] } }).target.t[0].v;
}

const EMPTY: BakeFileModel = { header: [], variables: [], functions: [], groups: [], targets: [] };

describe('hclString', () => {
  it.each([
    ['plain', 'plain'],
    ['say "hi"', 'say "hi"'],
    ['back\\slash', 'back\\slash'],
    ['two\nlines', 'two\nlines'],
    ['tab\there', 'tab\there'],
    // A literal interpolation stays literal: HCL's escape is the doubled sigil (hcl2json reports it escaped).
    ['${NOT_A_VAR}', '$${NOT_A_VAR}'],
    ['%{if x}', '%%{if x}'],
    ['$ alone and { alone }', '$ alone and { alone }'],
  ])('%j round-trips through the HCL parser', async (input, expected) => {
    expect(await attribute(hclString(input))).toBe(expected);
  });

  it('escapes exactly what HCL needs', () => {
    expect(hclString('a"b\\c${d}%{e}')).toBe('"a\\"b\\\\c$${d}%%{e}"');
  });

  it('hclTemplate keeps its interpolation (unlike hclString)', async () => {
    const template = hclTemplate('${IMAGE}:dev') as { readonly text: string };
    expect(template.text).toBe('"${IMAGE}:dev"');
    expect(await attribute(template.text)).toBe('${IMAGE}:dev');
  });
});

describe('printBake', () => {
  it('prints blocks, aligns `=` per run of one-line attributes and breaks long lists', async () => {
    const text = printBake({
      header: ['Generated for a test.'],
      variables: [{ name: 'TAG', default: 'dev', description: 'The tag.' }],
      functions: [{ name: 'ref', params: ['tag'], result: '"${IMAGE}:${tag}"' }],
      groups: [{ name: 'default', targets: ['app'] }],
      targets: [
        { name: 'meta', attributes: [] },
        {
          name: 'app',
          comment: ['The app.'],
          attributes: [
            ['context', '.'],
            ['dockerfile', 'Dockerfile'],
            ['tags', [hclRaw('ref(TAG)'), hclTemplate('${IMAGE}:latest')]],
            [
              'attest',
              ['type=provenance,mode=max,version=v1', 'type=sbom', 'type=something,with=a-long-value'],
            ],
            ['no-cache', false],
            ['args', hclObject({ VERSION: '1.2.3', 'org.opencontainers.image.title': 'x' })],
            ['shm-size', 128],
          ],
        },
      ],
    });
    expect(text).toBe(
      [
        '# Generated for a test.',
        '',
        '# The tag.',
        'variable "TAG" {',
        '  default = "dev"',
        '}',
        '',
        'function "ref" {',
        '  params = [tag]',
        '  result = "${IMAGE}:${tag}"',
        '}',
        '',
        'group "default" {',
        '  targets = ["app"]',
        '}',
        '',
        'target "meta" {}',
        '',
        '# The app.',
        'target "app" {',
        '  context    = "."',
        '  dockerfile = "Dockerfile"',
        '  tags       = [ref(TAG), "${IMAGE}:latest"]',
        '  attest = [',
        '    "type=provenance,mode=max,version=v1",',
        '    "type=sbom",',
        '    "type=something,with=a-long-value",',
        '  ]',
        '  no-cache = false',
        '  args = {',
        '    VERSION                          = "1.2.3"',
        '    "org.opencontainers.image.title" = "x"',
        '  }',
        '  shm-size = 128',
        '}',
        '',
      ].join('\n'),
    );
    const json = (await parse('docker-bake.hcl', text)) as Record<
      string,
      Record<string, [Record<string, unknown>]>
    >;
    expect(json.variable!.TAG![0]).toEqual({ default: 'dev' });
    expect(json.function!.ref![0]).toEqual({ params: ['${tag}'], result: '${IMAGE}:${tag}' });
    expect(json.group!.default![0]).toEqual({ targets: ['app'] });
    expect(json.target!.meta![0]).toEqual({});
    const app = json.target!.app![0]!;
    expect(app.tags).toEqual(['${ref(TAG)}', '${IMAGE}:latest']);
    expect(app.attest).toHaveLength(3);
    expect(app['no-cache']).toBe(false);
    expect(app.args).toEqual({ VERSION: '1.2.3', 'org.opencontainers.image.title': 'x' });
    expect(app['shm-size']).toBe(128);
  });

  it('prints null, nested lists and an empty object', async () => {
    const text = printBake({
      ...EMPTY,
      variables: [{ name: 'OPTIONAL', default: null }],
      targets: [
        {
          name: 't',
          attributes: [
            ['labels', hclObject({})],
            ['matrix', hclObject({ v: [['a'], ['b']] })],
          ],
        },
      ],
    });
    expect(text).toContain('variable "OPTIONAL" {\n  default = null\n}');
    const json = (await parse('docker-bake.hcl', text)) as Record<
      string,
      Record<string, [Record<string, unknown>]>
    >;
    expect(json.variable!.OPTIONAL![0]!.default).toBeNull();
    expect(json.target!.t![0]!.matrix).toEqual({ v: [['a'], ['b']] });
  });

  it('an unescaped literal `${` would have been an interpolation (the printer is what prevents it)', async () => {
    await expect(attribute('"${UNDECLARED}"')).resolves.toBe('${UNDECLARED}');
    await expect(attribute(hclString('${UNDECLARED}'))).resolves.toBe('$${UNDECLARED}');
  });

  it('wraps long descriptions into comment lines', () => {
    const lines = wrapComment('word '.repeat(60).trim(), 40);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.join(' ')).toBe('word '.repeat(60).trim());
  });
});
