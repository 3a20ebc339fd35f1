import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { generateSbom } from '../../../src/image/sbom/index.js';
import { KNOWN_SPDX_IDS } from '../../../src/image/sbom/licenses.js';
import { goInlineBinary, readFake, zip } from './helpers.js';

const SCHEMAS = join(import.meta.dirname, 'schemas');
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8'));

type AnyAjv = Pick<Ajv, 'addFormat'>;
function addFormats(ajv: AnyAjv): void {
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
  ajv.addFormat('date-time', (s: string) => dateTime.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('iri-reference', (s: string) => !/[\s<>"{}|\\^`]/.test(s));
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('idn-email', (s: string) => /^[^\s@]+@[^\s@]+$/.test(s));
}

let cachedCdx: ((doc: unknown) => ErrorObject[]) | undefined;
function cyclonedxValidator(): (doc: unknown) => ErrorObject[] {
  if (cachedCdx) return cachedCdx;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(load('spdx.schema.json'));
  ajv.addSchema(load('jsf-0.82.schema.json'));
  const validate = ajv.compile(load('bom-1.6.schema.json'));
  cachedCdx = (doc) => (validate(doc) ? [] : (validate.errors ?? []));
  return cachedCdx;
}

/**
 * The SPDX 2.3 rules our documents rely on, written from the spec chapters (document creation,
 * package information, relationships) — used in addition to the official schema when that is
 * present as `schemas/spdx-2.3.schema.json`.
 */
const SPDX_RULES = {
  type: 'object',
  required: [
    'spdxVersion',
    'dataLicense',
    'SPDXID',
    'name',
    'documentNamespace',
    'creationInfo',
    'packages',
    'relationships',
  ],
  additionalProperties: false,
  properties: {
    spdxVersion: { const: 'SPDX-2.3' },
    dataLicense: { const: 'CC0-1.0' },
    SPDXID: { const: 'SPDXRef-DOCUMENT' },
    name: { type: 'string', minLength: 1 },
    documentNamespace: { type: 'string', pattern: '^[a-z][a-z0-9+.-]*://[^#\\s]+$' },
    creationInfo: {
      type: 'object',
      required: ['created', 'creators'],
      additionalProperties: false,
      properties: {
        created: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$' },
        creators: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', pattern: '^(Tool|Organization|Person): .+' },
        },
      },
    },
    packages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['SPDXID', 'name', 'downloadLocation', 'filesAnalyzed'],
        additionalProperties: false,
        properties: {
          SPDXID: { type: 'string', pattern: '^SPDXRef-[a-zA-Z0-9.-]+$' },
          name: { type: 'string', minLength: 1 },
          versionInfo: { type: 'string' },
          supplier: { type: 'string', pattern: '^(NOASSERTION|(Person|Organization): .+)$' },
          downloadLocation: { const: 'NOASSERTION' },
          filesAnalyzed: { const: false },
          sourceInfo: { type: 'string' },
          description: { type: 'string' },
          licenseConcluded: { type: 'string', pattern: '^(NOASSERTION|NONE|[A-Za-z0-9.+() -]+)$' },
          licenseDeclared: { type: 'string', pattern: '^(NOASSERTION|NONE|[A-Za-z0-9.+() -]+)$' },
          copyrightText: { type: 'string' },
          primaryPackagePurpose: {
            enum: [
              'OTHER',
              'INSTALL',
              'ARCHIVE',
              'FIRMWARE',
              'APPLICATION',
              'FRAMEWORK',
              'LIBRARY',
              'CONTAINER',
              'SOURCE',
              'DEVICE',
              'OPERATING_SYSTEM',
              'FILE',
            ],
          },
          externalRefs: {
            type: 'array',
            items: {
              type: 'object',
              required: ['referenceCategory', 'referenceType', 'referenceLocator'],
              additionalProperties: false,
              properties: {
                referenceCategory: { enum: ['OTHER', 'PERSISTENT-ID', 'SECURITY', 'PACKAGE-MANAGER'] },
                referenceType: { const: 'purl' },
                referenceLocator: { type: 'string', pattern: '^pkg:[a-z]+/\\S+$' },
              },
            },
          },
        },
      },
    },
    relationships: {
      type: 'array',
      items: {
        type: 'object',
        required: ['spdxElementId', 'relationshipType', 'relatedSpdxElement'],
        additionalProperties: false,
        properties: {
          spdxElementId: { type: 'string', pattern: '^SPDXRef-[a-zA-Z0-9.-]+$' },
          relatedSpdxElement: { type: 'string', pattern: '^SPDXRef-[a-zA-Z0-9.-]+$' },
          relationshipType: { enum: ['DESCRIBES', 'CONTAINS'] },
        },
      },
    },
    hasExtractedLicensingInfos: {
      type: 'array',
      items: {
        type: 'object',
        required: ['licenseId', 'extractedText'],
        additionalProperties: false,
        properties: {
          licenseId: { type: 'string', pattern: '^LicenseRef-[a-zA-Z0-9.-]+$' },
          name: { type: 'string' },
          extractedText: { type: 'string' },
        },
      },
    },
  },
} as const;

function spdxValidators(): { name: string; validate: (doc: unknown) => ErrorObject[] }[] {
  const out: { name: string; validate: (doc: unknown) => ErrorObject[] }[] = [];
  const rules = new Ajv({ strict: false, allErrors: true }).compile(SPDX_RULES);
  out.push({ name: 'spec rules', validate: (doc) => (rules(doc) ? [] : (rules.errors ?? [])) });
  const official = join(SCHEMAS, 'spdx-2.3.schema.json');
  if (existsSync(official)) {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(official, 'utf8')));
    out.push({ name: 'official schema', validate: (doc) => (validate(doc) ? [] : (validate.errors ?? [])) });
  } else {
    console.warn(
      `SPDX 2.3 official schema not present at ${official}: validating against the spec rules only`,
    );
  }
  return out;
}

/** Cross-references the schemas cannot express. */
function spdxReferences(doc: {
  packages: { SPDXID: string; licenseDeclared?: string }[];
  relationships: { spdxElementId: string; relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string }[];
}): string[] {
  const problems: string[] = [];
  const ids = new Set(['SPDXRef-DOCUMENT', ...doc.packages.map((p) => p.SPDXID)]);
  if (ids.size !== doc.packages.length + 1) problems.push('duplicate SPDXID');
  for (const r of doc.relationships) {
    if (!ids.has(r.spdxElementId) || !ids.has(r.relatedSpdxElement))
      problems.push(`dangling ${JSON.stringify(r)}`);
  }
  const refs = new Set((doc.hasExtractedLicensingInfos ?? []).map((l) => l.licenseId));
  for (const p of doc.packages) {
    for (const ref of p.licenseDeclared?.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []) {
      if (!refs.has(ref)) problems.push(`undefined ${ref}`);
    }
  }
  return problems;
}

function images() {
  const debian = readFake([
    {
      entries: [
        {
          path: '/etc/os-release',
          content: 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
        },
        {
          path: '/var/lib/dpkg/status',
          content:
            'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9+deb12u4\nMaintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n\nPackage: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2024a-0+deb12u1\nMaintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n',
        },
        {
          path: '/usr/share/doc/libc6/copyright',
          content: 'License: LGPL-2.1+\n\nLicense: GPL-2+\n\nLicense: public-domain\n',
        },
        {
          path: '/app/node_modules/@scope/pkg/package.json',
          content: '{"name":"@scope/pkg","version":"1.0.0-rc.1+build.5","license":"(MIT OR Apache-2.0)"}',
        },
        {
          path: '/app/node_modules/odd/package.json',
          content: '{"name":"odd","version":"2.0.0","licenses":[{"type":"MIT"},{"type":"Custom: see file"}]}',
        },
        {
          path: '/usr/lib/python3/dist-packages/Foo_Bar-1.0.dist-info/METADATA',
          content:
            'Name: Foo_Bar\nVersion: 1.0\nLicense-Expression: BSD-3-Clause WITH Classpath-exception-2.0\n',
        },
        {
          path: '/usr/local/bin/api',
          content: goInlineBinary(
            'go1.22.4',
            'path\tx.io/a\nmod\tx.io/a\tv1.0.0\t\ndep\tgopkg.in/yaml.v3\tv3.0.1\th1:=\n',
            20_000,
            0x2000,
          ),
          mode: 0o755,
        },
        {
          path: '/app/app.jar',
          content: zip([
            {
              name: 'META-INF/maven/org.example/lib/pom.properties',
              data: 'groupId=org.example\nartifactId=lib\nversion=1.0\n',
            },
          ]),
        },
      ],
    },
  ]);
  const alpine = readFake([
    {
      entries: [
        { path: '/etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.0\n' },
        {
          path: '/lib/apk/db/installed',
          content:
            'P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\nm:Natanael Copa <ncopa@alpinelinux.org>\n\nP:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\n',
        },
      ],
    },
  ]);
  const empty = readFake([], { manifestDigest: undefined, configDigest: undefined, repoTags: [] });
  return [
    { label: 'debian with language packages', ...debian },
    { label: 'alpine', ...alpine },
    { label: 'empty image without digests', ...empty },
  ];
}

describe('SBOM documents against their schemas', () => {
  const meta = {
    name: 'registry.example.com/team/app:1.2.3',
    toolVersion: '0.1.0',
    timestamp: '2026-03-04T05:06:07Z',
  };

  it.each(images())('CycloneDX 1.6 is valid against the official schema ($label)', ({ model, collector }) => {
    const pkgs = collector.packages(model);
    const doc = JSON.parse(generateSbom(model, pkgs, 'cyclonedx', meta));
    expect(cyclonedxValidator()(doc)).toEqual([]);
    expect(doc.components.filter((c: { type: string }) => c.type === 'library')).toHaveLength(pkgs.length);
  });

  it.each(images())('SPDX 2.3 is valid ($label)', ({ model, collector }) => {
    const pkgs = collector.packages(model);
    const doc = JSON.parse(generateSbom(model, pkgs, 'spdx', meta));
    for (const v of spdxValidators())
      expect({ validator: v.name, errors: v.validate(doc) }).toEqual({ validator: v.name, errors: [] });
    expect(spdxReferences(doc)).toEqual([]);
  });

  it('the CycloneDX validator rejects what it should (sanity check)', () => {
    const validate = cyclonedxValidator();
    expect(
      validate({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components: [{ type: 'library', name: 'x', licenses: [{ license: { id: 'Not-A-License' } }] }],
      }),
    ).not.toEqual([]);
    expect(validate({ bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'not-a-urn' })).not.toEqual(
      [],
    );
  });

  it('every built-in SPDX id is in the CycloneDX SPDX license enum', () => {
    const known = new Set(load('spdx.schema.json').enum as string[]);
    expect(KNOWN_SPDX_IDS.filter((id) => !known.has(id))).toEqual([]);
  });

  it('license strings become ids, expressions and names as appropriate', () => {
    const [{ model, collector }] = images() as [ReturnType<typeof images>[number]];
    const cdx = JSON.parse(generateSbom(model, collector.packages(model), 'cyclonedx', meta));
    const spdx = JSON.parse(generateSbom(model, collector.packages(model), 'spdx', meta));
    const c = (name: string) => cdx.components.find((x: { name: string }) => x.name === name).licenses;
    const s = (name: string) => spdx.packages.find((x: { name: string }) => x.name === name).licenseDeclared;
    expect(c('@scope/pkg')).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(s('@scope/pkg')).toBe('MIT OR Apache-2.0');
    expect(c('odd')).toEqual([{ license: { id: 'MIT' } }, { license: { name: 'Custom: see file' } }]);
    expect(s('odd')).toBe('MIT AND LicenseRef-Custom-see-file');
    expect(c('Foo_Bar')).toEqual([{ expression: 'BSD-3-Clause WITH Classpath-exception-2.0' }]);
    expect(c('libc6')).toEqual([
      { license: { id: 'GPL-2.0-or-later' } },
      { license: { id: 'LGPL-2.1-or-later' } },
      { license: { name: 'public-domain' } },
    ]);
    expect(s('libc6')).toBe('GPL-2.0-or-later AND LGPL-2.1-or-later AND LicenseRef-public-domain');
  });
});
