import type { Diagnostic } from '../core/diagnostic.js';

/**
 * The image model every analysis reads. Built by one streaming pass over the archive
 * (`readImage`): layers are read once, never extracted to disk; memory is bounded by
 * the file index, plus whatever small files the caller asked to capture.
 */

export type ImageFileType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

/** One entry of a layer's tar, after path cleaning (absolute, `/`-separated, no trailing slash). */
export interface LayerEntry {
  readonly path: string;
  readonly type: ImageFileType;
  /** Bytes of content (0 for non-files). */
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly linkTarget?: string;
}

export interface HistoryEntry {
  readonly created?: string;
  readonly createdBy?: string;
  readonly comment?: string;
  readonly emptyLayer: boolean;
}

export interface ImageLayer {
  readonly index: number;
  /** Digest of the blob as stored (compressed or not). */
  readonly digest: string;
  /** Digest of the uncompressed tar (the config's `rootfs.diff_ids`). */
  readonly diffId?: string;
  readonly mediaType?: string;
  readonly compression: 'none' | 'gzip' | 'zstd';
  /** Bytes of the blob as stored. */
  readonly storedSize: number;
  /** Sum of file content sizes in this layer. */
  readonly contentSize: number;
  /** The history entry that produced this layer, matched past empty-layer entries. */
  readonly history?: HistoryEntry;
  /** Entries written by this layer (files, dirs, links), in tar order; each knows its layer index. */
  readonly entries: readonly ImageFile[];
  /** Paths this layer deletes: `.wh.<name>` whiteouts. */
  readonly whiteouts: readonly string[];
  /** Directories this layer makes opaque (`.wh..wh..opq`): everything below from lower layers is hidden. */
  readonly opaqueDirs: readonly string[];
  /** False when the blob was missing, truncated, corrupt or stopped as a decompression bomb. */
  readonly complete: boolean;
}

export interface ImageConfigInfo {
  readonly user: string;
  readonly env: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly workingDir?: string;
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly healthcheck?: {
    readonly test: readonly string[];
    readonly interval?: number;
    readonly timeout?: number;
    readonly retries?: number;
  };
  readonly stopSignal?: string;
  readonly volumes: readonly string[];
  readonly architecture?: string;
  readonly os?: string;
  readonly variant?: string;
  readonly created?: string;
  readonly history: readonly HistoryEntry[];
}

/** A file of the final (merged) filesystem. */
export interface ImageFile extends LayerEntry {
  /** Index of the layer that last wrote it. */
  readonly layer: number;
}

export type ImageSourceKind = 'docker-archive' | 'oci-layout' | 'oci-archive' | 'engine';

export interface ImageModel {
  readonly source: { readonly kind: ImageSourceKind; readonly location: string };
  readonly repoTags: readonly string[];
  /** `os/arch[/variant]`. */
  readonly platform: string;
  readonly manifestDigest?: string;
  readonly configDigest?: string;
  readonly config: ImageConfigInfo;
  readonly layers: readonly ImageLayer[];
  /** The final filesystem after applying every layer, whiteouts and opaque directories. */
  readonly files: ReadonlyMap<string, ImageFile>;
  /** Contents captured for the caller (see `ReadImageOptions.capture`), keyed by `${layer}:${path}`. */
  readonly captured: ReadonlyMap<string, Uint8Array>;
  /** Problems met while reading: traversal names, digest mismatches, truncation… (never thrown). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A streaming consumer of one file's content, for scanners that must see big files (Go build info, secrets).
 * Chunks are views into buffers the reader allocated for this read and never reuses: a consumer
 * may keep them (not only copy them) until `end`.
 */
export interface FileConsumer {
  write(chunk: Uint8Array): void;
  end(): void;
}

export interface ReadImageOptions {
  /** `linux/amd64`, `linux/arm64/v8`…: which image of a multi-platform index. */
  readonly platform?: string;
  /** Capture whole contents of small files the caller needs (package databases, manifests). */
  readonly capture?: (entry: LayerEntry, layer: number) => boolean;
  /** Upper bound for one captured file (default 8 MiB) and for all captures (default 256 MiB). */
  readonly maxCaptureBytes?: number;
  readonly maxTotalCaptureBytes?: number;
  /** Stream content of selected files to consumers (called for every regular file of every layer). */
  readonly consume?: (entry: LayerEntry, layer: number) => FileConsumer | undefined;
  /** Progress in bytes of input read, for a TTY progress indicator. */
  readonly onProgress?: (bytesRead: number, totalBytes?: number) => void;
  /**
   * Called once the config is known and before any layer is read, so hooks can depend on it
   * (e.g. scan the entrypoint binary).
   */
  readonly onConfig?: (config: ImageConfigInfo) => void;
  /** Pick an image by repo tag when an archive holds several (`docker save a b`). */
  readonly image?: string;
  /** Decompression-bomb guards: stop a layer past this many uncompressed bytes (default 64 GiB)… */
  readonly maxLayerBytes?: number;
  /** …or past this ratio of uncompressed to compressed bytes, once over 256 MiB (default 1000). */
  readonly maxCompressionRatio?: number;
}
