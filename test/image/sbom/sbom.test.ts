import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LayerEntry } from '../../../src/image/model.js';
import {
  collectPackages,
  generateSbom,
  type SbomPackage,
  sbomCapture,
} from '../../../src/image/sbom/index.js';
import { elfHeader, type FakeLayer, filler, goInlineBinary, readFake, zip } from './helpers.js';

const DEBIAN_OS =
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';
const ALPINE_OS = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.0\nPRETTY_NAME="Alpine Linux v3.19"\n';

const DPKG_STATUS = `Package: libc6
Status: install ok installed
Priority: optional
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.

Package: curl
Status: install ok installed
Architecture: amd64
Version: 7.88.1-10+deb12u5
Maintainer: Alessandro Ghedini <ghedo@debian.org>

Package: oldpkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1
`;

const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: curl

Files: *
Copyright: 1996 - 2023, Daniel Stenberg
License: curl

Files: lib/foo.c
License: ISC
 Permission to use ...
`;

const APK_INSTALLED = `C:Q1abc=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:383152
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Natanael Copa <ncopa@alpinelinux.org>
F:lib
R:ld-musl-x86_64.so.1

P:ssl_client
V:3.1.4-r5
A:x86_64
L:GPL-2.0-only
o:busybox
m:Sören Tempel <soeren+alpine@soeren-tempel.net>
`;

const GO_MODINFO =
  'path\tgithub.com/acme/api\nmod\tgithub.com/acme/api\t(devel)\t\ndep\tgithub.com/google/uuid\tv1.6.0\th1:x=\n';

function pkgJson(name: string, version: string, license?: unknown): string {
  return JSON.stringify({ name, version, ...(license === undefined ? {} : { license }) });
}

/** A debian-based image with a node app, python libs, a Go binary, a Rust binary and a jar. */
function debianLayers(): FakeLayer[] {
  const rustJson = JSON.stringify({
    packages: [
      { name: 'rustapp', version: '0.1.0', source: 'local', root: true, dependencies: [1] },
      { name: 'serde', version: '1.0.193', source: 'crates.io', dependencies: [] },
    ],
  });
  const rustBin = filler(30_000, 21);
  rustBin.set(elfHeader(rustBin.length), 0);
  rustBin.set(deflateSync(Buffer.from(rustJson)), 20_001);
  const jar = zip([
    { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' },
    {
      name: 'META-INF/maven/org.slf4j/slf4j-api/pom.properties',
      data: 'groupId=org.slf4j\nartifactId=slf4j-api\nversion=2.0.9\n',
    },
  ]);
  return [
    {
      entries: [
        { path: '/etc', type: 'dir' },
        { path: '/etc/os-release', type: 'symlink', linkTarget: '../usr/lib/os-release' },
        { path: '/usr/lib/os-release', content: DEBIAN_OS },
        {
          path: '/var/lib/dpkg/status',
          content: 'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9\n',
        },
        { path: '/usr/share/doc/curl/copyright', content: COPYRIGHT },
      ],
    },
    {
      // apt-get install curl: the status file is rewritten; the old copy is not counted.
      entries: [{ path: '/var/lib/dpkg/status', content: DPKG_STATUS }],
    },
    {
      entries: [
        {
          path: '/usr/local/lib/node_modules/npm/package.json',
          content: pkgJson('npm', '10.2.4', 'Artistic-2.0'),
        },
        { path: '/app/package.json', content: pkgJson('my-app', '1.0.0', 'UNLICENSED') },
        {
          path: '/app/node_modules/@types/node/package.json',
          content: pkgJson('@types/node', '20.10.0', 'MIT'),
        },
        { path: '/app/node_modules/express/package.json', content: pkgJson('express', '4.18.2', 'MIT') },
        { path: '/app/node_modules/express/lib/package.json', content: pkgJson('not-a-package', '0.0.0') },
        { path: '/app/node_modules/left-pad/package.json', content: pkgJson('left-pad', '1.3.0', 'WTFPL') },
        {
          path: '/app/node_modules/dual/package.json',
          content: pkgJson('dual', '2.0.0', '(MIT OR Apache-2.0)'),
        },
        {
          path: '/app/node_modules/weird/package.json',
          content: pkgJson('weird', '0.1.0', { type: 'SEE LICENSE IN LICENSE.md' }),
        },
        {
          path: '/usr/lib/python3/dist-packages/typing_extensions-4.8.0.dist-info/METADATA',
          content:
            'Metadata-Version: 2.1\nName: typing_extensions\nVersion: 4.8.0\nClassifier: License :: OSI Approved :: Python Software Foundation License\n\nBody\n',
        },
        {
          path: '/usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA',
          content:
            'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\nLong description\nLicense: nope\n',
        },
        {
          path: '/usr/local/lib/python3.11/site-packages/six-1.16.0.egg-info/PKG-INFO',
          content: 'Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\nLicense: MIT\n',
        },
        {
          path: '/usr/local/bin/api',
          content: goInlineBinary('go1.22.4', GO_MODINFO, 60_000, 0x4000),
          mode: 0o755,
        },
        { path: '/usr/local/bin/rustapp', content: rustBin, mode: 0o755 },
        { path: '/opt/lib/slf4j-api-2.0.9.jar', content: jar },
      ],
    },
    {
      // rm -rf node_modules/left-pad; a file overwritten by a non-package copy.
      entries: [{ path: '/app/node_modules/dual/package.json', content: '{"private": true}' }],
      whiteouts: ['/app/node_modules/left-pad'],
    },
  ];
}

const purls = (pkgs: readonly SbomPackage[]): string[] => pkgs.map((p) => p.purl);

describe('collectPackages', () => {
  it('finds every ecosystem in the final filesystem with correct purls', () => {
    const { model, collector } = readFake(debianLayers());
    const pkgs = collector.packages(model);
    expect(purls(pkgs)).toEqual([
      'pkg:cargo/rustapp@0.1.0',
      'pkg:cargo/serde@1.0.193',
      'pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12',
      'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12',
      'pkg:golang/github.com/acme/api',
      'pkg:golang/github.com/google/uuid@v1.6.0',
      'pkg:golang/stdlib@1.22.4',
      'pkg:maven/org.slf4j/slf4j-api@2.0.9',
      'pkg:npm/%40types/node@20.10.0',
      'pkg:npm/express@4.18.2',
      'pkg:npm/npm@10.2.4',
      'pkg:npm/weird@0.1.0',
      'pkg:pypi/requests@2.31.0',
      'pkg:pypi/six@1.16.0',
      'pkg:pypi/typing-extensions@4.8.0',
    ]);
    const byPurl = new Map(pkgs.map((p) => [p.purl, p]));
    expect(byPurl.get('pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12')).toEqual({
      name: 'curl',
      version: '7.88.1-10+deb12u5',
      type: 'deb',
      purl: 'pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12',
      licenses: ['ISC', 'curl'],
      locations: ['/var/lib/dpkg/status'],
      supplier: 'Alessandro Ghedini <ghedo@debian.org>',
      arch: 'amd64',
      distro: 'debian-12',
    });
    expect(byPurl.get('pkg:golang/github.com/acme/api')).toMatchObject({
      name: 'github.com/acme/api',
      version: '(devel)',
    });
    expect(byPurl.get('pkg:golang/stdlib@1.22.4')?.locations).toEqual(['/usr/local/bin/api']);
    expect(byPurl.get('pkg:maven/org.slf4j/slf4j-api@2.0.9')).toMatchObject({
      name: 'slf4j-api',
      group: 'org.slf4j',
      locations: ['/opt/lib/slf4j-api-2.0.9.jar'],
    });
    expect(byPurl.get('pkg:pypi/typing-extensions@4.8.0')).toMatchObject({
      name: 'typing_extensions',
      licenses: ['PSF-2.0'],
    });
    expect(byPurl.get('pkg:pypi/requests@2.31.0')?.licenses).toEqual(['Apache 2.0']);
    expect(byPurl.get('pkg:npm/weird@0.1.0')?.licenses).toEqual(['SEE LICENSE IN LICENSE.md']);
  });

  it('reads apk databases and distroless dpkg status.d, with the distro from os-release', () => {
    const { model, collector } = readFake([
      {
        entries: [
          { path: '/etc/os-release', content: ALPINE_OS },
          { path: '/lib/apk/db/installed', content: APK_INSTALLED },
        ],
      },
    ]);
    const pkgs = collector.packages(model);
    expect(pkgs).toEqual([
      {
        name: 'musl',
        version: '1.2.4_git20230717-r4',
        type: 'apk',
        purl: 'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.0',
        licenses: ['MIT'],
        locations: ['/lib/apk/db/installed'],
        supplier: 'Natanael Copa <ncopa@alpinelinux.org>',
        arch: 'x86_64',
        distro: '3.19.0',
      },
      {
        name: 'ssl_client',
        version: '3.1.4-r5',
        type: 'apk',
        purl: 'pkg:apk/alpine/ssl_client@3.1.4-r5?arch=x86_64&distro=3.19.0',
        licenses: ['GPL-2.0-only'],
        locations: ['/lib/apk/db/installed'],
        supplier: 'Sören Tempel <soeren+alpine@soeren-tempel.net>',
        arch: 'x86_64',
        distro: '3.19.0',
      },
    ]);

    const distroless = readFake([
      {
        entries: [
          { path: '/etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
          {
            path: '/var/lib/dpkg/status.d/base-files',
            content: 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n',
          },
          { path: '/var/lib/dpkg/status.d/base-files.md5sums', content: 'abc  etc/debian_version\n' },
          {
            path: '/var/lib/dpkg/status.d/tzdata',
            content: 'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n',
          },
        ],
      },
    ]);
    expect(purls(distroless.collector.packages(distroless.model))).toEqual([
      'pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12',
      'pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12',
    ]);
  });

  it('does not count packages whose files a later layer deleted or replaced (opaque dirs too)', () => {
    const { model, collector } = readFake([
      {
        entries: [
          { path: '/app/node_modules/a/package.json', content: pkgJson('a', '1.0.0') },
          { path: '/app/node_modules/b/package.json', content: pkgJson('b', '1.0.0') },
          {
            path: '/usr/local/bin/api',
            content: goInlineBinary('go1.21.0', GO_MODINFO, 40_000, 0x2000),
            mode: 0o755,
          },
        ],
      },
      {
        entries: [
          { path: '/app/node_modules/c/package.json', content: pkgJson('c', '3.0.0') },
          { path: '/usr/local/bin/api', content: filler(40_000, 2), mode: 0o755 },
        ],
        opaqueDirs: ['/app/node_modules'],
      },
    ]);
    expect(purls(collector.packages(model))).toEqual(['pkg:npm/c@3.0.0']);
  });

  it('works with collectPackages and an explicit scan map', () => {
    const { model, collector } = readFake([
      { entries: [{ path: '/x/node_modules/q/package.json', content: pkgJson('q', '1.5.1') }] },
    ]);
    expect(purls(collectPackages(model, collector.scanned))).toEqual(['pkg:npm/q@1.5.1']);
    expect(purls(collectPackages(model, new Map()))).toEqual(['pkg:npm/q@1.5.1']);
  });

  it('asks to capture only what it parses', () => {
    const e = (path: string, size = 100, type: LayerEntry['type'] = 'file'): LayerEntry => ({
      path,
      type,
      size,
      mode: 0o644,
      uid: 0,
      gid: 0,
    });
    expect(sbomCapture(e('/var/lib/dpkg/status'), 0)).toBe(true);
    expect(sbomCapture(e('/var/lib/dpkg/status.d/libc6'), 0)).toBe(true);
    expect(sbomCapture(e('/var/lib/dpkg/status.d/libc6.md5sums'), 0)).toBe(false);
    expect(sbomCapture(e('/lib/apk/db/installed'), 0)).toBe(true);
    expect(sbomCapture(e('/etc/os-release'), 0)).toBe(true);
    expect(sbomCapture(e('/etc/os-release', 0, 'symlink'), 0)).toBe(false);
    expect(sbomCapture(e('/a/node_modules/@s/p/package.json'), 0)).toBe(true);
    expect(sbomCapture(e('/a/node_modules/p/lib/package.json'), 0)).toBe(false);
    expect(sbomCapture(e('/a/package.json'), 0)).toBe(false);
    expect(sbomCapture(e('/usr/lib/python3/x-1.dist-info/METADATA'), 0)).toBe(true);
    expect(sbomCapture(e('/usr/lib/python3/x-1.dist-info/RECORD'), 0)).toBe(false);
    expect(sbomCapture(e('/usr/share/doc/curl/copyright'), 0)).toBe(true);
    expect(sbomCapture(e('/usr/share/doc/curl/copyright', 10 << 20), 0)).toBe(false);
  });
});

describe('generateSbom', () => {
  it('is deterministic and orders packages by purl', () => {
    const { model, collector } = readFake(debianLayers());
    const pkgs = collector.packages(model);
    const meta = { name: 'example/app:1.0', toolVersion: '0.1.0', timestamp: '2026-01-02T03:04:05.678Z' };
    const a = generateSbom(model, pkgs, 'cyclonedx', meta);
    const b = generateSbom(model, [...pkgs].reverse(), 'cyclonedx', meta);
    expect(a).toBe(b);
    const doc = JSON.parse(a);
    expect(doc.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(doc.metadata.timestamp).toBe('2026-01-02T03:04:05Z');
    expect(doc.metadata.component).toMatchObject({
      type: 'container',
      name: 'example/app:1.0',
      purl: `pkg:oci/app@sha256:${'ab'.repeat(32)}?arch=amd64&repository_url=example%2Fapp&tag=1.0`,
    });
    expect(doc.components[0]).toEqual({
      type: 'operating-system',
      'bom-ref': 'os:debian@12',
      name: 'debian',
      version: '12',
      description: 'Debian GNU/Linux 12 (bookworm)',
    });
    const curl = doc.components.find((c: { name: string }) => c.name === 'curl');
    expect(curl).toEqual({
      type: 'library',
      'bom-ref': 'pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12',
      supplier: { name: 'Alessandro Ghedini <ghedo@debian.org>' },
      name: 'curl',
      version: '7.88.1-10+deb12u5',
      licenses: [{ license: { id: 'ISC' } }, { license: { id: 'curl' } }],
      purl: 'pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12',
      properties: [
        { name: 'dockwright:package:type', value: 'deb' },
        { name: 'dockwright:location:0', value: '/var/lib/dpkg/status' },
      ],
    });
    const weird = doc.components.find((c: { name: string }) => c.name === 'weird');
    expect(weird.licenses).toEqual([{ license: { name: 'SEE LICENSE IN LICENSE.md' } }]);
    const other = generateSbom(model, pkgs, 'cyclonedx', { ...meta, timestamp: '2026-01-02T03:04:06Z' });
    expect(JSON.parse(other).serialNumber).not.toBe(doc.serialNumber);
  });

  it('writes SPDX with DESCRIBES/CONTAINS relationships, purl refs and LicenseRefs', () => {
    const { model, collector } = readFake(debianLayers());
    const pkgs = collector.packages(model);
    const doc = JSON.parse(
      generateSbom(model, pkgs, 'spdx', {
        name: 'example/app:1.0',
        toolVersion: '0.1.0',
        timestamp: '2026-01-02T03:04:05Z',
      }),
    );
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: 'example/app:1.0',
      creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: dockwright-0.1.0'] },
    });
    expect(doc.documentNamespace).toMatch(/^https:\/\/dockwright\.dev\/spdx\/app-[0-9a-f-]{36}$/);
    expect(doc.packages).toHaveLength(pkgs.length + 2);
    expect(doc.relationships[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Image',
    });
    expect(doc.relationships).toHaveLength(pkgs.length + 2);
    const ids = new Set(doc.packages.map((p: { SPDXID: string }) => p.SPDXID));
    expect(ids.size).toBe(doc.packages.length);
    for (const r of doc.relationships) expect(ids.has(r.relatedSpdxElement)).toBe(true);
    const dual = doc.packages.find((p: { name: string }) => p.name === 'express');
    expect(dual).toMatchObject({
      versionInfo: '4.18.2',
      filesAnalyzed: false,
      downloadLocation: 'NOASSERTION',
      licenseDeclared: 'MIT',
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: 'pkg:npm/express@4.18.2',
        },
      ],
      sourceInfo: 'acquired package info from /app/node_modules/express/package.json',
    });
    const requests = doc.packages.find((p: { name: string }) => p.name === 'requests');
    expect(requests.licenseDeclared).toBe('Apache-2.0');
    const weird = doc.packages.find((p: { name: string }) => p.name === 'weird');
    expect(weird.licenseDeclared).toBe('LicenseRef-SEE-LICENSE-IN-LICENSE.md');
    expect(doc.hasExtractedLicensingInfos).toEqual([
      {
        licenseId: 'LicenseRef-SEE-LICENSE-IN-LICENSE.md',
        name: 'SEE LICENSE IN LICENSE.md',
        extractedText: 'SEE LICENSE IN LICENSE.md',
      },
    ]);
    const curl = doc.packages.find((p: { name: string }) => p.name === 'curl');
    expect(curl.supplier).toBe('Organization: Alessandro Ghedini (ghedo@debian.org)');
    expect(curl.licenseDeclared).toBe('ISC AND curl');
  });
});
