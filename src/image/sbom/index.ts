/**
 * SBOM: packages installed in an image, emitted as CycloneDX 1.6 or SPDX 2.3 JSON.
 *
 * How it plugs into one streaming read of the image (the reader never extracts to disk):
 *
 * ```ts
 * const sbom = createSbomCollector();
 * const model = await readImage(input, {
 *   capture: (entry, layer) => sbom.capture(entry, layer) || otherCapture(entry, layer),
 *   consume: (entry, layer) => sbom.consume(entry, layer), // tee with other consumers if needed
 * });
 * const packages = sbom.packages(model);        // === collectPackages(model, sbom.scanned)
 * const json = generateSbom(model, packages, 'cyclonedx', { name: 'app:1.0', toolVersion: '0.1.0' });
 * ```
 *
 * - `capture` asks for the whole content of small files: `/etc/os-release` (and
 *   `/usr/lib/os-release`), dpkg `status` and distroless `status.d/*`, apk `installed`,
 *   `/usr/share/doc/<pkg>/copyright` (≤ 256 KiB), `node_modules/<pkg>/package.json` and
 *   `node_modules/@scope/<pkg>/package.json`, `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`,
 *   `*.egg-info` files. The reader stores them in `model.captured` under `${layer}:${path}`.
 * - `consume` streams big files through scanners: executables (any exec bit, ≥ 1 KiB, ELF /
 *   Mach-O / PE magic) for Go build info and cargo-auditable `.dep-v0` data, and Java archives
 *   (`*.jar|war|ear|…`) for `pom.properties` / `MANIFEST.MF` including nested jars. Each
 *   scanner's findings are kept in the collector under `${layer}:${path}` (`scanned`).
 * - `collectPackages` only looks at files of the final filesystem (`model.files`), through the
 *   layer that last wrote each one, so packages whose files were overwritten or deleted by later
 *   layers are not counted.
 *
 * Output is deterministic for a given model, packages and `meta.timestamp`: packages are merged by
 * purl and sorted; the CycloneDX serial number and the SPDX namespace are name-based UUIDs (v5)
 * derived from the image, the timestamp and the package list.
 */
import type { FileConsumer, ImageModel, LayerEntry } from '../model.js';
import { type BinaryFinding, BinaryScanner } from './binary.js';
import { keyOf, readOsRelease, textOf } from './files.js';
import { JAVA_ARCHIVE, type JarFinding, JarScanner } from './jar.js';
import {
  type OsRelease,
  parseApkInstalled,
  parseDebianCopyright,
  parseDpkgStatus,
  parseNpmPackageJson,
  parsePythonMetadata,
} from './parsers.js';
import { buildPurl, golangPurl, normalizePypiName, npmPurl } from './purl.js';

export type { BinaryFinding, GoBuildInfo, RustAuditInfo } from './binary.js';
export { readOsRelease } from './files.js';
export { generateSbom, type SbomFormat, type SbomMeta } from './format.js';
export type { JarFinding, JavaPackage } from './jar.js';

export type SbomPackageType = 'deb' | 'apk' | 'npm' | 'pypi' | 'golang' | 'maven' | 'cargo';

export interface SbomPackage {
  readonly name: string;
  readonly version: string;
  readonly type: SbomPackageType;
  readonly purl: string;
  /** Maven groupId (CycloneDX `group`). */
  readonly group?: string;
  /** License strings as found (SPDX ids or expressions when the metadata has them). */
  readonly licenses?: readonly string[];
  /** Image paths the package was found through (package database, manifest, binary, jar). */
  readonly locations: readonly string[];
  /** Distribution maintainer (deb `Maintainer`, apk `m:`). */
  readonly supplier?: string;
  /** Distro qualifiers as they appear in the purl. */
  readonly arch?: string;
  readonly distro?: string;
}

/** What the streaming scanners found, keyed by `${layer}:${path}` of the scanned file. */
export type ScanFinding = BinaryFinding | JarFinding;
export type ScanResults = ReadonlyMap<string, readonly ScanFinding[]>;

export interface SbomCollector {
  /** For `ReadImageOptions.capture`. */
  capture(entry: LayerEntry, layer: number): boolean;
  /** For `ReadImageOptions.consume`. */
  consume(entry: LayerEntry, layer: number): FileConsumer | undefined;
  /** Findings of the scanners so far. */
  readonly scanned: ScanResults;
  /** `collectPackages(model, this.scanned)`. */
  packages(model: ImageModel): SbomPackage[];
}

const MAX_COPYRIGHT = 256 * 1024;
const MAX_MANIFEST = 4 << 20;
const MIN_BINARY = 1024;
const NOT_BINARY =
  /\.(sh|bash|py|pyc|pl|pm|rb|js|mjs|cjs|ts|json|ya?ml|txt|md|html?|css|xml|conf|cfg|ini|php|lua|tcl|jar|war|ear|zip|gz|tgz|xz|bz2|zst|png|jpe?g|gif|svg|a|o|h)$/i;

const NPM_MANIFEST = /\/node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;
const PY_METADATA = /\/[^/]+\.dist-info\/METADATA$|\/[^/]+\.egg-info\/PKG-INFO$|\/[^/]+\.egg-info$/;
const DPKG_STATUS = /(^|\/)lib\/dpkg\/status$/;
const DPKG_STATUS_D = /(^|\/)lib\/dpkg\/status\.d\/[^/]+$/;
const APK_INSTALLED = /(^|\/)lib\/apk\/db\/installed$/;
const DEB_COPYRIGHT = /^\/usr\/share\/doc\/[^/]+\/copyright$/;
const OS_RELEASE = new Set(['/etc/os-release', '/usr/lib/os-release']);

/** Which files' whole contents the SBOM needs captured while reading. */
export function sbomCapture(entry: LayerEntry, _layer: number): boolean {
  if (entry.type !== 'file') return false;
  const p = entry.path;
  if (OS_RELEASE.has(p) || DPKG_STATUS.test(p) || APK_INSTALLED.test(p)) return true;
  if (DPKG_STATUS_D.test(p)) return !p.endsWith('.md5sums');
  if (DEB_COPYRIGHT.test(p)) return entry.size <= MAX_COPYRIGHT;
  if (entry.size > MAX_MANIFEST) return false;
  return NPM_MANIFEST.test(p) || PY_METADATA.test(p);
}

/** Does this file get a streaming scanner (and which)? */
function scannerKind(entry: LayerEntry): 'jar' | 'binary' | undefined {
  if (entry.type !== 'file' || entry.size < 22) return undefined;
  if (JAVA_ARCHIVE.test(entry.path)) return 'jar';
  if (entry.size >= MIN_BINARY && (entry.mode & 0o111) !== 0 && !NOT_BINARY.test(entry.path)) return 'binary';
  return undefined;
}

/**
 * A standalone streaming scanner for one file; its findings go to `sink` when the file ends
 * (nothing is reported for files without findings). `createSbomCollector` wires this up.
 */
export function sbomConsumer(
  entry: LayerEntry,
  layer: number,
  sink: (key: string, findings: ScanFinding[]) => void,
): FileConsumer | undefined {
  const kind = scannerKind(entry);
  if (!kind) return undefined;
  const key = `${layer}:${entry.path}`;
  if (kind === 'jar') {
    const jar = new JarScanner(entry.path);
    return {
      write: (chunk) => jar.write(chunk),
      end: () => {
        jar.end();
        const r = jar.results();
        if (r && r.packages.length > 0) sink(key, [r]);
      },
    };
  }
  const bin = new BinaryScanner();
  return {
    write: (chunk) => bin.write(chunk),
    end: () => {
      bin.end();
      const r = bin.results();
      if (r.length > 0) sink(key, r);
    },
  };
}

/** One collector per image read. */
export function createSbomCollector(): SbomCollector {
  const scanned = new Map<string, ScanFinding[]>();
  const sink = (key: string, findings: ScanFinding[]): void => {
    scanned.set(key, findings);
  };
  return {
    capture: sbomCapture,
    consume: (entry, layer) => sbomConsumer(entry, layer, sink),
    scanned,
    packages: (model) => collectPackages(model, scanned),
  };
}

function debNamespace(os: OsRelease | undefined): string {
  if (os?.id && (os.id === 'debian' || os.id === 'ubuntu' || os.idLike.includes('debian'))) return os.id;
  return 'debian';
}

function supplierOf(maintainer: string | undefined): string | undefined {
  return maintainer?.trim() || undefined;
}

class PackageSet {
  private readonly byPurl = new Map<string, SbomPackage>();

  add(p: SbomPackage): void {
    const existing = this.byPurl.get(p.purl);
    if (!existing) {
      this.byPurl.set(p.purl, p);
      return;
    }
    const locations = [...new Set([...existing.locations, ...p.locations])].sort();
    const licenses = [...new Set([...(existing.licenses ?? []), ...(p.licenses ?? [])])];
    this.byPurl.set(p.purl, {
      ...existing,
      locations,
      ...(licenses.length > 0 ? { licenses } : {}),
      supplier: existing.supplier ?? p.supplier,
    });
  }

  sorted(): SbomPackage[] {
    return [...this.byPurl.values()]
      .map((p) => ({ ...p, locations: [...p.locations].sort() }))
      .sort((a, b) => cmp(a.purl, b.purl) || cmp(a.name, b.name));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withLicenses(licenses: readonly string[] | undefined): { licenses?: string[] } {
  const list = [...new Set((licenses ?? []).map((l) => l.trim()).filter(Boolean))];
  return list.length > 0 ? { licenses: list } : {};
}

/** All packages found in the final filesystem (files overwritten/deleted by later layers are not counted). */
export function collectPackages(model: ImageModel, scanned: ScanResults): SbomPackage[] {
  const os = readOsRelease(model);
  const set = new PackageSet();
  const files = [...model.files.values()].sort((a, b) => cmp(a.path, b.path));

  // Debian copyright files → licenses per package name.
  const debLicenses = new Map<string, string[]>();
  for (const f of files) {
    if (!DEB_COPYRIGHT.test(f.path)) continue;
    const text = textOf(model, f);
    if (text === undefined) continue;
    const pkg = f.path.split('/')[4]!;
    debLicenses.set(pkg, parseDebianCopyright(text));
  }

  for (const f of files) {
    if (f.type !== 'file') continue;
    const p = f.path;
    if (DPKG_STATUS.test(p) || (DPKG_STATUS_D.test(p) && !p.endsWith('.md5sums'))) {
      addDpkg(set, textOf(model, f), p, os, debLicenses);
    } else if (APK_INSTALLED.test(p)) {
      addApk(set, textOf(model, f), p, os);
    } else if (NPM_MANIFEST.test(p)) {
      const text = textOf(model, f);
      const rec = text === undefined ? undefined : parseNpmPackageJson(text);
      if (rec) {
        set.add({
          name: rec.name,
          version: rec.version,
          type: 'npm',
          purl: npmPurl(rec.name, rec.version),
          ...withLicenses(rec.licenses),
          locations: [p],
        });
      }
    } else if (PY_METADATA.test(p)) {
      const text = textOf(model, f);
      const rec = text === undefined ? undefined : parsePythonMetadata(text);
      if (rec) {
        set.add({
          name: rec.name,
          version: rec.version,
          type: 'pypi',
          purl: buildPurl({ type: 'pypi', name: normalizePypiName(rec.name), version: rec.version }),
          ...withLicenses(rec.licenses),
          locations: [p],
        });
      }
    }
    const findings = scanned.get(keyOf(f));
    if (findings) for (const finding of findings) addFinding(set, finding, p);
  }
  return set.sorted();
}

function addDpkg(
  set: PackageSet,
  text: string | undefined,
  location: string,
  os: OsRelease | undefined,
  licenses: ReadonlyMap<string, string[]>,
): void {
  if (text === undefined) return;
  const namespace = debNamespace(os);
  const versionId = os?.versionId ?? os?.versionCodename;
  const distro = os?.id && versionId ? `${os.id}-${versionId}` : undefined;
  for (const r of parseDpkgStatus(text)) {
    set.add({
      name: r.name,
      version: r.version,
      type: 'deb',
      purl: buildPurl({
        type: 'deb',
        namespace,
        name: r.name,
        version: r.version,
        qualifiers: { arch: r.arch, distro },
      }),
      ...withLicenses(licenses.get(r.name)),
      locations: [location],
      supplier: supplierOf(r.maintainer),
      arch: r.arch,
      distro,
    });
  }
}

function addApk(
  set: PackageSet,
  text: string | undefined,
  location: string,
  os: OsRelease | undefined,
): void {
  if (text === undefined) return;
  const namespace = os?.id ?? 'alpine';
  const distro = os?.versionId;
  for (const r of parseApkInstalled(text)) {
    const license = r.license?.trim();
    const licenses = !license
      ? []
      : /\b(AND|OR|WITH)\b|[()]/.test(license)
        ? [license]
        : license.split(/\s+/);
    set.add({
      name: r.name,
      version: r.version,
      type: 'apk',
      purl: buildPurl({
        type: 'apk',
        namespace,
        name: r.name,
        version: r.version,
        qualifiers: { arch: r.arch, distro },
      }),
      ...withLicenses(licenses),
      locations: [location],
      supplier: supplierOf(r.maintainer),
      arch: r.arch,
      distro,
    });
  }
}

function addFinding(set: PackageSet, finding: ScanFinding, location: string): void {
  if (finding.kind === 'go') {
    const modules = finding.main ? [finding.main, ...finding.deps] : finding.deps;
    for (const m of modules) {
      const version = m.version && m.version !== '(devel)' ? m.version : undefined;
      set.add({
        name: m.path,
        version: m.version || '(devel)',
        type: 'golang',
        purl: golangPurl(m.path, version),
        locations: [location],
      });
    }
    const go = finding.goVersion?.match(/^go(\d+(?:\.\d+)*)/)?.[1];
    if (go)
      set.add({
        name: 'stdlib',
        version: go,
        type: 'golang',
        purl: golangPurl('stdlib', go),
        locations: [location],
      });
    return;
  }
  if (finding.kind === 'rust') {
    for (const p of finding.packages) {
      if (p.kind === 'build') continue;
      set.add({
        name: p.name,
        version: p.version,
        type: 'cargo',
        purl: buildPurl({ type: 'cargo', name: p.name, version: p.version }),
        locations: [location],
      });
    }
    return;
  }
  for (const p of finding.packages) {
    set.add({
      name: p.artifact,
      version: p.version,
      type: 'maven',
      purl: buildPurl({ type: 'maven', namespace: p.group, name: p.artifact, version: p.version }),
      ...(p.group ? { group: p.group } : {}),
      ...withLicenses(p.licenses),
      locations: [p.location],
    });
  }
}
