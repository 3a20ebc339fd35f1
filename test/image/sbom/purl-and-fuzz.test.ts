import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LayerEntry } from '../../../src/image/model.js';
import { BinaryScanner } from '../../../src/image/sbom/binary.js';
import { createSbomCollector } from '../../../src/image/sbom/index.js';
import { JarScanner } from '../../../src/image/sbom/jar.js';
import { classifyLicense } from '../../../src/image/sbom/licenses.js';
import {
  parseApkInstalled,
  parseDpkgStatus,
  parseJarManifest,
  parseNpmPackageJson,
  parseOsRelease,
  parsePythonMetadata,
} from '../../../src/image/sbom/parsers.js';
import { buildPurl, golangPurl, normalizePypiName, npmPurl } from '../../../src/image/sbom/purl.js';
import { zip } from './helpers.js';

describe('purls', () => {
  it('builds the purl-spec forms for each ecosystem', () => {
    expect(
      buildPurl({
        type: 'deb',
        namespace: 'debian',
        name: 'curl',
        version: '7.88.1-10',
        qualifiers: { distro: 'debian-12', arch: 'amd64' },
      }),
    ).toBe('pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12');
    expect(
      buildPurl({ type: 'deb', namespace: 'debian', name: 'libldap-2.5-0', version: '1:2.5.13+dfsg-5' }),
    ).toBe('pkg:deb/debian/libldap-2.5-0@1:2.5.13%2Bdfsg-5');
    expect(
      buildPurl({
        type: 'apk',
        namespace: 'alpine',
        name: 'musl',
        version: '1.2.4-r2',
        qualifiers: { arch: 'x86_64', distro: '3.19.0' },
      }),
    ).toBe('pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.19.0');
    expect(npmPurl('@scope/name', '1.0.0')).toBe('pkg:npm/%40scope/name@1.0.0');
    expect(npmPurl('lodash', '4.17.21')).toBe('pkg:npm/lodash@4.17.21');
    expect(buildPurl({ type: 'pypi', name: normalizePypiName('Typing_Extensions'), version: '4.8.0' })).toBe(
      'pkg:pypi/typing-extensions@4.8.0',
    );
    expect(golangPurl('github.com/x/y', 'v1.2.3')).toBe('pkg:golang/github.com/x/y@v1.2.3');
    expect(golangPurl('github.com/docker/docker', 'v24.0.7+incompatible')).toBe(
      'pkg:golang/github.com/docker/docker@v24.0.7%2Bincompatible',
    );
    expect(golangPurl('stdlib', '1.22.4')).toBe('pkg:golang/stdlib@1.22.4');
    expect(
      buildPurl({ type: 'maven', namespace: 'org.apache.commons', name: 'commons-lang3', version: '3.12.0' }),
    ).toBe('pkg:maven/org.apache.commons/commons-lang3@3.12.0');
    expect(buildPurl({ type: 'cargo', name: 'serde', version: '1.0.0' })).toBe('pkg:cargo/serde@1.0.0');
    expect(
      buildPurl({
        type: 'oci',
        name: 'app',
        version: 'sha256:ab',
        qualifiers: { repository_url: 'ghcr.io/o/app', tag: '' },
      }),
    ).toBe('pkg:oci/app@sha256:ab?repository_url=ghcr.io%2Fo%2Fapp');
    expect(buildPurl({ type: 'generic', name: 'a b/c', version: 'é' })).toBe('pkg:generic/a%20b%2Fc@%C3%A9');
  });
});

describe('parsers on odd input', () => {
  it('handles quoting, continuation lines and junk', () => {
    expect(parseOsRelease('ID="ubuntu"\nVERSION_ID=\'22.04\'\nID_LIKE=debian\n# c\nbroken\n')).toEqual({
      id: 'ubuntu',
      versionId: '22.04',
      versionCodename: undefined,
      idLike: ['debian'],
      prettyName: undefined,
    });
    expect(
      parseDpkgStatus(
        'Package: a\nVersion: 1\nStatus: purge ok not-installed\n\nPackage: b\nVersion: 2\nStatus: install ok half-installed\n\nPackage: c\n',
      ),
    ).toEqual([]);
    expect(parseApkInstalled('P:a\n\nV:1\nbad line\n')).toEqual([]);
    expect(parseNpmPackageJson('\ufeff{"name":"a","version":"1.0.0","license":{"type":"MIT"}}')).toEqual({
      name: 'a',
      version: '1.0.0',
      licenses: ['MIT'],
      author: undefined,
    });
    expect(parseNpmPackageJson('[1]')).toBeUndefined();
    expect(parseNpmPackageJson('{"name":1,"version":"1"}')).toBeUndefined();
    expect(
      parsePythonMetadata(
        'Name: x\nVersion: 1\nLicense: Lorem ipsum\n  dolor sit amet\nClassifier: License :: OSI Approved :: MIT License\n',
      )?.licenses,
    ).toEqual(['MIT']);
    expect(
      parseJarManifest('Implementation-Title: very-long-na\r\n me\r\nX: y\r\n\r\nName: a\r\nZ: 1\r\n'),
    ).toEqual(
      new Map([
        ['Implementation-Title', 'very-long-name'],
        ['X', 'y'],
      ]),
    );
    expect(classifyLicense('MIT OR')).toEqual({ kind: 'name', name: 'MIT OR' });
    expect(classifyLicense('(GPL-2.0-only WITH Classpath-exception-2.0) AND mit')).toEqual({
      kind: 'expression',
      expression: '(GPL-2.0-only WITH Classpath-exception-2.0) AND MIT',
    });
  });
});

const bytes = fc.uint8Array({ minLength: 0, maxLength: 4000 });
const ELF = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0];

function feed(consumer: { write(c: Uint8Array): void; end(): void }, data: Uint8Array, cuts: number[]): void {
  let at = 0;
  for (const cut of cuts) {
    const next = Math.min(data.length, at + cut);
    consumer.write(data.subarray(at, next));
    at = next;
  }
  consumer.write(data.subarray(at));
  consumer.end();
  consumer.end();
  consumer.write(data); // after end: ignored
}

describe('scanners never throw on arbitrary bytes', () => {
  const magic = fc.constantFrom<number[]>([], ELF, [0x50, 0x4b, 0x03, 0x04], [0x4d, 0x5a]);
  const splice = fc.constantFrom(
    new Uint8Array(0),
    Buffer.from('\xff Go buildinf:\x08\x02', 'latin1'),
    Buffer.from('\xff Go buildinf:\x08\x00', 'latin1'),
    Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex'),
    Buffer.from([0x78, 0x9c, 0xab, 0x56]),
    Buffer.from('PK\x07\x08', 'latin1'),
    Buffer.from(
      zip([
        { name: 'META-INF/maven/a/b/pom.properties', data: 'artifactId=b\nversion=1\n', descriptor: true },
      ]),
    ),
  );
  const input = fc.tuple(
    magic,
    bytes,
    splice,
    fc.nat(4000),
    fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 20 }),
  );

  it('BinaryScanner', () => {
    fc.assert(
      fc.property(input, ([m, body, extra, at, cuts]) => {
        const data = Buffer.concat([Buffer.from(m), body.subarray(0, at), extra, body.subarray(at)]);
        const s = new BinaryScanner();
        feed(s, data, cuts);
        expect(Array.isArray(s.results())).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('JarScanner', () => {
    fc.assert(
      fc.property(input, ([m, body, extra, at, cuts]) => {
        const data = Buffer.concat([Buffer.from(m), body.subarray(0, at), extra, body.subarray(at)]);
        const s = new JarScanner('/x.jar');
        feed(s, data, cuts);
        const r = s.results();
        if (r) expect(Array.isArray(r.packages)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('collector consumers and packages()', () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 10 }), (body, cuts) => {
        const collector = createSbomCollector();
        const data = Buffer.concat([Buffer.from(ELF), body]);
        for (const path of ['/bin/x', '/a.jar']) {
          const entry: LayerEntry = { path, type: 'file', size: 5000, mode: 0o755, uid: 0, gid: 0 };
          const c = collector.consume(entry, 0);
          if (c) feed(c, data, cuts);
        }
        expect(collector.scanned.size).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});
