import { InputError } from '../core/errors.js';
import type { ImageConfigInfo } from './model.js';

/** What the reader needs to know to stream the layers of the chosen image. */
export interface ImagePlan {
  readonly layout: 'docker' | 'oci';
  readonly repoTags: string[];
  readonly platform: string;
  readonly manifestDigest?: string;
  readonly configDigest?: string;
  readonly config: ImageConfigInfo;
  readonly rawConfig: Record<string, unknown>;
  readonly layers: PlannedLayer[];
  /** Informational notes (platform chosen among several, several images in the archive). */
  readonly notes: { code: string; message: string }[];
}

export interface PlannedLayer {
  /** Archive member (tar name or path under the layout directory). */
  readonly member: string;
  readonly digest?: string;
  readonly diffId?: string;
  readonly mediaType?: string;
  readonly size?: number;
}

/** Read access to the small JSON documents of an archive. */
export interface JsonStore {
  /** Raw bytes of a member, when it was kept (small JSON). */
  get(member: string): Uint8Array | undefined;
  /** True when the archive has this member at all. */
  has(member: string): boolean;
  /** Resolve links in the archive to the member that holds the bytes. */
  resolve(member: string): string | undefined;
}

/** Thrown when a needed JSON member has not been seen yet (streams only); resolution is retried later. */
export class Pending extends Error {
  constructor(readonly member: string) {
    super(`pending ${member}`);
  }
}

export interface ResolveOptions {
  readonly platform?: string;
  readonly image?: string;
  readonly file: string;
  /** The whole archive has been seen: a missing member is an error, not "pending". */
  readonly final: boolean;
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
const MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { architecture?: string; os?: string; variant?: string };
  annotations?: Record<string, string>;
}

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** `sha256:<hex>` → `blobs/sha256/<hex>`; a digest that is not one (e.g. holds `/` or `..`) is refused. */
export function blobMember(digest: string): string {
  if (!DIGEST.test(digest))
    throw new InputError(`invalid digest '${digest.slice(0, 100)}' in the image index`);
  const i = digest.indexOf(':');
  return `blobs/${digest.slice(0, i)}/${digest.slice(i + 1)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function json(store: JsonStore, member: string, opts: ResolveOptions, what: string): unknown {
  const real = store.resolve(member) ?? member;
  const bytes = store.get(real);
  if (!bytes) {
    if (!opts.final) throw new Pending(member);
    throw new InputError(
      store.has(real)
        ? `${what} '${member}' is too large or not JSON`
        : `${what} '${member}' is missing from the archive`,
      opts.file,
      'The archive is incomplete or not an image archive; re-create it with docker save or skopeo copy.',
    );
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new InputError(`${what} '${member}' is not valid JSON (${(e as Error).message})`, opts.file);
  }
}

export function platformOf(
  p: { os?: unknown; architecture?: unknown; variant?: unknown } | undefined,
): string {
  if (!p) return '';
  const parts = [String(p.os ?? ''), String(p.architecture ?? '')];
  if (typeof p.variant === 'string' && p.variant) parts.push(p.variant);
  return parts.join('/');
}

/** `linux/arm64` matches `linux/arm64/v8`; a requested variant must match when both have one. */
export function platformMatches(wanted: string, have: string): boolean {
  const norm = (s: string) => {
    const [os = '', arch = '', variant = ''] = s.toLowerCase().split('/');
    const a = arch === 'aarch64' ? 'arm64' : arch === 'x86_64' ? 'amd64' : arch;
    const v = a === 'arm64' && variant === '' ? 'v8' : variant;
    return { os, arch: a, variant: v };
  };
  const w = norm(wanted);
  const h = norm(have);
  if (w.os !== h.os || w.arch !== h.arch) return false;
  return !w.variant || !h.variant || w.variant === h.variant;
}

function hostPlatform(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
  return `linux/${arch}`;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function keysOf(v: unknown): string[] {
  return isObject(v) ? Object.keys(v) : [];
}

export function toConfigInfo(raw: Record<string, unknown>): ImageConfigInfo {
  const c = isObject(raw.config) ? raw.config : {};
  const hc = isObject(c.Healthcheck) ? c.Healthcheck : undefined;
  const labels: Record<string, string> = {};
  if (isObject(c.Labels)) for (const [k, v] of Object.entries(c.Labels)) labels[k] = String(v);
  const history = (Array.isArray(raw.history) ? raw.history : []).filter(isObject).map((h) => ({
    ...(typeof h.created === 'string' ? { created: h.created } : {}),
    ...(typeof h.created_by === 'string' ? { createdBy: h.created_by } : {}),
    ...(typeof h.comment === 'string' ? { comment: h.comment } : {}),
    emptyLayer: h.empty_layer === true,
  }));
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    user: typeof c.User === 'string' ? c.User : '',
    env: strings(c.Env),
    ...(Array.isArray(c.Entrypoint) ? { entrypoint: strings(c.Entrypoint) } : {}),
    ...(Array.isArray(c.Cmd) ? { cmd: strings(c.Cmd) } : {}),
    ...(typeof c.WorkingDir === 'string' && c.WorkingDir ? { workingDir: c.WorkingDir } : {}),
    exposedPorts: keysOf(c.ExposedPorts),
    labels,
    ...(hc
      ? {
          healthcheck: {
            test: strings(hc.Test),
            ...(num(hc.Interval) !== undefined ? { interval: num(hc.Interval)! } : {}),
            ...(num(hc.Timeout) !== undefined ? { timeout: num(hc.Timeout)! } : {}),
            ...(num(hc.Retries) !== undefined ? { retries: num(hc.Retries)! } : {}),
          },
        }
      : {}),
    ...(typeof c.StopSignal === 'string' ? { stopSignal: c.StopSignal } : {}),
    volumes: keysOf(c.Volumes),
    ...(typeof raw.architecture === 'string' ? { architecture: raw.architecture } : {}),
    ...(typeof raw.os === 'string' ? { os: raw.os } : {}),
    ...(typeof raw.variant === 'string' ? { variant: raw.variant } : {}),
    ...(typeof raw.created === 'string' ? { created: raw.created } : {}),
    history,
  };
}

function configOf(store: JsonStore, member: string, opts: ResolveOptions): Record<string, unknown> {
  const raw = json(store, member, opts, 'image config');
  if (!isObject(raw)) throw new InputError(`image config '${member}' is not a JSON object`, opts.file);
  return raw;
}

function diffIds(raw: Record<string, unknown>): string[] {
  return isObject(raw.rootfs) ? strings(raw.rootfs.diff_ids) : [];
}

interface Candidate {
  desc: Descriptor;
  platform: string;
  names: string[];
}

function isAttestation(d: Descriptor): boolean {
  return (
    d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (d.platform?.os === 'unknown' && d.platform?.architecture === 'unknown')
  );
}

function choose<T extends { platform: string; names: string[] }>(
  candidates: T[],
  opts: ResolveOptions,
  notes: ImagePlan['notes'],
): T {
  let pool = candidates;
  if (opts.image) {
    const want = opts.image;
    const tagged = pool.filter((c) =>
      c.names.some((n) => n === want || n === `${want}:latest` || n.endsWith(`/${want}`)),
    );
    if (tagged.length === 0) {
      throw new InputError(
        `no image '${want}' in the archive`,
        opts.file,
        `It holds: ${[...new Set(pool.flatMap((c) => c.names))].join(', ') || '(untagged images)'}.`,
      );
    }
    pool = tagged;
  }
  const platforms = [...new Set(pool.map((c) => c.platform).filter(Boolean))];
  if (opts.platform) {
    const match = pool.filter((c) => c.platform && platformMatches(opts.platform!, c.platform));
    if (match.length === 0) {
      throw new InputError(
        `no image for platform '${opts.platform}' in the archive`,
        opts.file,
        `Available: ${platforms.join(', ') || '(no platform information)'}.`,
      );
    }
    pool = match;
  } else if (platforms.length > 1) {
    const host = pool.find((c) => c.platform && platformMatches(hostPlatform(), c.platform));
    const picked =
      host ?? pool.find((c) => c.platform && platformMatches('linux/amd64', c.platform)) ?? pool[0]!;
    notes.push({
      code: 'image/platform-chosen',
      message: `the archive holds ${platforms.length} platforms (${platforms.join(', ')}); analysed ${picked.platform} — choose with --platform`,
    });
    return picked;
  }
  const distinct = new Set(pool.map((c) => c.names.join(',')));
  if (distinct.size > 1 && !opts.image) {
    notes.push({
      code: 'image/multiple-images',
      message: `the archive holds ${distinct.size} images; analysed the first (${pool[0]!.names[0] ?? 'untagged'})`,
    });
  }
  return pool[0]!;
}

interface DockerManifestItem {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
  LayerSources?: Record<string, Descriptor>;
}

function dockerManifest(store: JsonStore, opts: ResolveOptions): DockerManifestItem[] | undefined {
  if (!store.has('manifest.json')) return undefined;
  const raw = json(store, 'manifest.json', opts, 'manifest.json');
  if (!Array.isArray(raw)) throw new InputError('manifest.json is not a JSON array', opts.file);
  return raw.filter(isObject) as DockerManifestItem[];
}

/** Work out which image to read and where its config and layers are. */
export function resolvePlan(store: JsonStore, opts: ResolveOptions): ImagePlan {
  const notes: ImagePlan['notes'] = [];
  const docker = store.has('manifest.json') ? dockerManifest(store, opts) : undefined;
  if (store.has('index.json')) {
    const index = json(store, 'index.json', opts, 'index.json');
    if (!isObject(index)) throw new InputError('index.json is not a JSON object', opts.file);
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    const walk = (descs: unknown, names: string[], depth: number) => {
      if (!Array.isArray(descs) || depth > 4) return;
      for (const d of descs.filter(isObject) as Descriptor[]) {
        if (typeof d.digest !== 'string') continue;
        const own = [
          d.annotations?.['io.containerd.image.name'],
          d.annotations?.['org.opencontainers.image.ref.name'],
        ]
          .filter((n): n is string => typeof n === 'string')
          .map((n) => n.replace(/^docker\.io\/(library\/)?/, ''));
        const here = names.length ? names : own;
        if (d.mediaType && INDEX_TYPES.has(d.mediaType)) {
          const nested = json(store, blobMember(d.digest), opts, 'image index');
          if (isObject(nested)) walk(nested.manifests, here, depth + 1);
          continue;
        }
        if (d.mediaType && !MANIFEST_TYPES.has(d.mediaType)) continue; // artifacts, unknown types
        if (isAttestation(d)) continue;
        const key = `${d.digest}|${here.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        candidates.push({ desc: d, platform: platformOf(d.platform), names: here });
      }
    };
    walk(index.manifests, [], 0);
    // Merge tags of the same manifest (Docker lists one descriptor per tag).
    const byDigest = new Map<string, Candidate>();
    for (const c of candidates) {
      const prev = byDigest.get(c.desc.digest!);
      if (prev) prev.names.push(...c.names.filter((n) => !prev.names.includes(n)));
      else byDigest.set(c.desc.digest!, { ...c, names: [...c.names] });
    }
    const list = [...byDigest.values()];
    if (list.length > 0) {
      // Descriptors without a platform: take it from the config.
      for (const c of list) {
        if (c.platform) continue;
        const m = json(store, blobMember(c.desc.digest!), opts, 'image manifest');
        if (isObject(m) && isObject(m.config) && typeof m.config.digest === 'string') {
          c.platform = platformOf(configOf(store, blobMember(m.config.digest), opts));
        }
      }
      const picked = choose(list, opts, notes);
      const manifest = json(store, blobMember(picked.desc.digest!), opts, 'image manifest');
      if (!isObject(manifest) || !isObject(manifest.config) || typeof manifest.config.digest !== 'string') {
        throw new InputError(`image manifest ${picked.desc.digest} has no config descriptor`, opts.file);
      }
      const configDigest = manifest.config.digest;
      const rawConfig = configOf(store, blobMember(configDigest), opts);
      const ids = diffIds(rawConfig);
      const layerDescs = (Array.isArray(manifest.layers) ? manifest.layers : []).filter(
        isObject,
      ) as Descriptor[];
      let layers: PlannedLayer[] = layerDescs
        .filter((l) => typeof l.digest === 'string')
        .map((l, i) => ({
          member: blobMember(l.digest!),
          digest: l.digest!,
          ...(ids[i] ? { diffId: ids[i] } : {}),
          ...(l.mediaType ? { mediaType: l.mediaType } : {}),
          ...(typeof l.size === 'number' ? { size: l.size } : {}),
        }));
      // Docker 25.0.0 wrote `"layers": []` (moby#47065): fall back to manifest.json's list.
      const configMember = blobMember(configDigest);
      const item = docker?.find((m) => m.Config === configMember);
      if (layers.length === 0 && ids.length > 0 && item?.Layers?.length) {
        layers = item.Layers.map((p, i) => dockerLayer(p, ids[i]));
      }
      const tags = item?.RepoTags?.length
        ? [...item.RepoTags]
        : picked.names.filter((n) => n.includes(':') || n.includes('/'));
      return {
        layout: 'oci',
        repoTags: tags.length ? tags : picked.names,
        platform: platformOf(rawConfig) || picked.platform,
        manifestDigest: picked.desc.digest!,
        configDigest,
        config: toConfigInfo(rawConfig),
        rawConfig,
        layers,
        notes,
      };
    }
    if (!docker) throw new InputError('index.json lists no image manifest', opts.file);
    // `manifests: null` (moby#47210): use manifest.json.
  }
  if (!docker) {
    if (!opts.final) throw new Pending('index.json');
    throw new InputError(
      'not an image archive: no manifest.json or index.json',
      opts.file,
      'Pass an archive from docker save, podman save, skopeo/buildah (oci-archive) or an OCI layout directory.',
    );
  }
  if (docker.length === 0) throw new InputError('manifest.json lists no image', opts.file);
  const items = docker.map((m) => ({ item: m, platform: '', names: m.RepoTags ?? [] }));
  if (opts.platform || items.length > 1) {
    for (const c of items) if (c.item.Config) c.platform = platformOf(configOf(store, c.item.Config, opts));
  }
  const picked = choose(items, opts, notes).item;
  if (typeof picked.Config !== 'string') throw new InputError('manifest.json entry has no Config', opts.file);
  const rawConfig = configOf(store, picked.Config, opts);
  const ids = diffIds(rawConfig);
  const layers = (picked.Layers ?? []).map((p, i) => {
    const id = ids[i];
    const src = id ? picked.LayerSources?.[id] : undefined;
    const base = dockerLayer(p, id);
    return src?.mediaType ? { ...base, mediaType: src.mediaType } : base;
  });
  const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(picked.Config);
  const hex = m?.[1] ?? /^([0-9a-f]{64})\.json$/.exec(picked.Config)?.[1];
  return {
    layout: 'docker',
    repoTags: [...(picked.RepoTags ?? [])],
    platform: platformOf(rawConfig),
    ...(hex ? { configDigest: `sha256:${hex}` } : {}),
    config: toConfigInfo(rawConfig),
    rawConfig,
    layers,
    notes,
  };
}

function dockerLayer(path: string, diffId: string | undefined): PlannedLayer {
  const hex = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path)?.[1];
  return { member: path, ...(hex ? { digest: `sha256:${hex}` } : {}), ...(diffId ? { diffId } : {}) };
}
