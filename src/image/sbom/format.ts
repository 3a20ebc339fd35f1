/**
 * CycloneDX 1.6 and SPDX 2.3 JSON documents for an image and its packages.
 *
 * CycloneDX: `metadata.component` is the image (`type: container`, `pkg:oci` purl when a digest
 * is known), `metadata.tools.components` names dockwright, the distro (from os-release) is an
 * `operating-system` component, and every package is a `library` with `bom-ref` = purl, `purl`,
 * `licenses` (SPDX ids, one SPDX expression, or names) and `properties`
 * `dockwright:package:type` and `dockwright:location:<n>`.
 *
 * SPDX: `SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image`, `SPDXRef-Image CONTAINS` every package;
 * packages have `filesAnalyzed: false`, `downloadLocation: NOASSERTION`, a `PACKAGE-MANAGER`/`purl`
 * external ref, `licenseDeclared` (known SPDX ids/expressions, else `LicenseRef-…` listed in
 * `hasExtractedLicensingInfos`), `sourceInfo` naming the locations.
 */
import { createHash } from 'node:crypto';
import type { ImageModel } from '../model.js';
import { readOsRelease } from './files.js';
import type { SbomPackage } from './index.js';
import { classifyLicense } from './licenses.js';
import { buildPurl } from './purl.js';

export type SbomFormat = 'cyclonedx' | 'spdx';

export interface SbomMeta {
  /** The image's name as the user knows it (`app:1.0`, `ghcr.io/o/app@sha256:…`, a file name). */
  readonly name: string;
  readonly toolVersion: string;
  /** ISO-8601; defaults to now. Seconds precision is kept, milliseconds dropped. */
  readonly timestamp?: string;
}

const TOOL = 'dockwright';

function isoSeconds(timestamp: string | undefined): string {
  const d = timestamp ? new Date(timestamp) : new Date();
  const valid = Number.isNaN(d.getTime()) ? new Date() : d;
  return `${valid.toISOString().slice(0, 19)}Z`;
}

/** Name-based UUID (RFC 9562 v5: SHA-1, variant 10). */
function uuidV5(name: string): string {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex'); // the URL namespace
  const h = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

interface ImageRef {
  readonly repository?: string;
  readonly shortName: string;
  readonly tag?: string;
}

function parseImageName(name: string): ImageRef {
  let rest = name.trim();
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1) || undefined;
    rest = rest.slice(0, colon);
  }
  const shortName = (rest.slice(rest.lastIndexOf('/') + 1) || rest || 'image').toLowerCase();
  const valid = /^[a-z0-9][a-z0-9._\-/:]*$/i.test(rest) && !/\.(tar|tgz|gz|zst)$/i.test(rest);
  return { repository: valid ? rest : undefined, shortName, tag };
}

function archOf(platform: string): string | undefined {
  return platform.split('/')[1] || undefined;
}

function imagePurl(model: ImageModel, meta: SbomMeta): string | undefined {
  const digest = model.manifestDigest ?? model.configDigest;
  if (!digest) return undefined;
  const ref = parseImageName(meta.name);
  return buildPurl({
    type: 'oci',
    name: ref.shortName,
    version: digest,
    qualifiers: { arch: archOf(model.platform), repository_url: ref.repository, tag: ref.tag },
  });
}

function fingerprint(
  model: ImageModel,
  packages: readonly SbomPackage[],
  meta: SbomMeta,
  created: string,
): string {
  const h = createHash('sha256');
  h.update(`${meta.name}\0${model.manifestDigest ?? ''}\0${model.configDigest ?? ''}\0${created}\0`);
  for (const p of packages) h.update(`${p.purl}\0`);
  return h.digest('hex');
}

function sortPackages(packages: readonly SbomPackage[]): SbomPackage[] {
  return [...packages].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}

/** Serialise the image's packages (from `collectPackages`) as CycloneDX 1.6 or SPDX 2.3 JSON text. */
export function generateSbom(
  model: ImageModel,
  packages: readonly SbomPackage[],
  format: SbomFormat,
  meta: SbomMeta,
): string {
  const created = isoSeconds(meta.timestamp);
  const sorted = sortPackages(packages);
  const doc =
    format === 'cyclonedx' ? cyclonedx(model, sorted, meta, created) : spdx(model, sorted, meta, created);
  return `${JSON.stringify(doc, null, 2)}\n`;
}

type Json = Record<string, unknown>;

function cdxLicenses(licenses: readonly string[] | undefined): Json[] | undefined {
  if (!licenses || licenses.length === 0) return undefined;
  const classified = licenses.map(classifyLicense);
  const only = classified[0];
  if (classified.length === 1 && only?.kind === 'expression') return [{ expression: only.expression }];
  return classified.map((c, i) => {
    if (c.kind === 'id') return { license: { id: c.id } };
    return { license: { name: c.kind === 'name' ? c.name : licenses[i]!.trim() } };
  });
}

function cyclonedx(
  model: ImageModel,
  packages: readonly SbomPackage[],
  meta: SbomMeta,
  created: string,
): Json {
  const os = readOsRelease(model);
  const purl = imagePurl(model, meta);
  const imageProps: Json[] = [{ name: 'dockwright:image:platform', value: model.platform }];
  model.repoTags.forEach((tag) => {
    imageProps.push({ name: 'dockwright:image:tag', value: tag });
  });
  if (model.configDigest)
    imageProps.push({ name: 'dockwright:image:config-digest', value: model.configDigest });
  const components: Json[] = [];
  if (os?.id) {
    components.push({
      type: 'operating-system',
      'bom-ref': `os:${os.id}${os.versionId ? `@${os.versionId}` : ''}`,
      name: os.id,
      ...(os.versionId ? { version: os.versionId } : {}),
      ...(os.prettyName ? { description: os.prettyName } : {}),
    });
  }
  for (const p of packages) {
    const licenses = cdxLicenses(p.licenses);
    components.push({
      type: 'library',
      'bom-ref': p.purl,
      ...(p.supplier ? { supplier: { name: p.supplier } } : {}),
      ...(p.group ? { group: p.group } : {}),
      name: p.name,
      version: p.version,
      ...(licenses ? { licenses } : {}),
      purl: p.purl,
      properties: [
        { name: 'dockwright:package:type', value: p.type },
        ...p.locations.map((value, i) => ({ name: `dockwright:location:${i}`, value })),
      ],
    });
  }
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${uuidV5(`cyclonedx:${fingerprint(model, packages, meta, created)}`)}`,
    version: 1,
    metadata: {
      timestamp: created,
      tools: { components: [{ type: 'application', name: TOOL, version: meta.toolVersion }] },
      component: {
        type: 'container',
        'bom-ref': 'image',
        name: meta.name,
        ...(model.manifestDigest || model.configDigest
          ? { version: (model.manifestDigest ?? model.configDigest) as string }
          : {}),
        ...(purl ? { purl } : {}),
        properties: imageProps,
      },
    },
    components,
  };
}

function spdxIdPart(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

function spdxSupplier(supplier: string | undefined): string | undefined {
  if (!supplier) return undefined;
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(supplier);
  const name = (m ? m[1]! : supplier).replace(/[()]/g, '').trim();
  if (!name) return undefined;
  return m?.[2] ? `Organization: ${name} (${m[2]})` : `Organization: ${name}`;
}

function spdx(model: ImageModel, packages: readonly SbomPackage[], meta: SbomMeta, created: string): Json {
  const os = readOsRelease(model);
  const purl = imagePurl(model, meta);
  const extracted = new Map<string, Json>();
  const licenseDeclared = (licenses: readonly string[] | undefined): string => {
    if (!licenses || licenses.length === 0) return 'NOASSERTION';
    const parts = licenses.map((l) => {
      const c = classifyLicense(l);
      if (c.kind === 'id') return c.id;
      if (c.kind === 'expression') return licenses.length > 1 ? `(${c.expression})` : c.expression;
      const id = `LicenseRef-${spdxIdPart(c.name)}`;
      if (!extracted.has(id)) extracted.set(id, { licenseId: id, name: c.name, extractedText: c.name });
      return id;
    });
    return parts.join(' AND ');
  };

  const imagePackage: Json = {
    name: meta.name,
    SPDXID: 'SPDXRef-Image',
    ...(model.manifestDigest || model.configDigest
      ? { versionInfo: (model.manifestDigest ?? model.configDigest) as string }
      : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'CONTAINER',
    ...(purl
      ? {
          externalRefs: [
            { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
          ],
        }
      : {}),
  };
  const spdxPackages: Json[] = [imagePackage];
  const relationships: Json[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Image' },
  ];
  if (os?.id) {
    const id = `SPDXRef-OperatingSystem-${spdxIdPart(os.id)}`;
    spdxPackages.push({
      name: os.id,
      SPDXID: id,
      ...(os.versionId ? { versionInfo: os.versionId } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'OPERATING_SYSTEM',
      ...(os.prettyName ? { description: os.prettyName } : {}),
    });
    relationships.push({
      spdxElementId: 'SPDXRef-Image',
      relationshipType: 'CONTAINS',
      relatedSpdxElement: id,
    });
  }
  const used = new Set<string>();
  for (const p of packages) {
    const hash = createHash('sha256').update(p.purl).digest('hex').slice(0, 12);
    let id = `SPDXRef-Package-${p.type}-${spdxIdPart(p.name)}-${hash}`;
    for (let n = 2; used.has(id); n++) id = `SPDXRef-Package-${p.type}-${spdxIdPart(p.name)}-${hash}-${n}`;
    used.add(id);
    const supplier = spdxSupplier(p.supplier);
    spdxPackages.push({
      name: p.name,
      SPDXID: id,
      versionInfo: p.version,
      ...(supplier ? { supplier } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      sourceInfo: `acquired package info from ${p.locations.join(', ')}`,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: licenseDeclared(p.licenses),
      copyrightText: 'NOASSERTION',
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl },
      ],
      primaryPackagePurpose: 'LIBRARY',
    });
    relationships.push({
      spdxElementId: 'SPDXRef-Image',
      relationshipType: 'CONTAINS',
      relatedSpdxElement: id,
    });
  }
  const namespaceName = spdxIdPart(parseImageName(meta.name).shortName);
  const uuid = uuidV5(`spdx:${fingerprint(model, packages, meta, created)}`);
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: meta.name,
    documentNamespace: `https://dockwright.dev/spdx/${namespaceName}-${uuid}`,
    creationInfo: { created, creators: [`Tool: ${TOOL}-${meta.toolVersion}`] },
    packages: spdxPackages,
    relationships,
    ...(extracted.size > 0
      ? {
          hasExtractedLicensingInfos: [...extracted.values()].sort((a, b) =>
            (a.licenseId as string).localeCompare(b.licenseId as string),
          ),
        }
      : {}),
  };
}
