import type { ComposeProject } from '../parse/compose/index.js';
import type { DockerfileAST } from '../parse/dockerfile/index.js';

/**
 * Types of `dockwright explain`: a log is normalised into lines with context, pure detectors
 * turn those lines into findings, and findings are linked to the project's files where possible.
 */

/** What produced a log (the dominant kind of its lines). */
export type LogKind =
  | 'buildkit-plain'
  | 'buildkit-tty'
  | 'classic-build'
  | 'podman-build'
  | 'compose'
  | 'inspect'
  | 'events'
  | 'verify'
  | 'table'
  | 'text';

/** A build step as the builder named it: BuildKit `#5 [build 3/6] RUN …`, classic `Step 3/6 : …`, buildah `STEP 3/6: …`. */
export interface StepInfo {
  /** BuildKit vertex number (`#5`), or the step number for the classic builder and buildah. */
  readonly id: string;
  readonly stage?: string;
  readonly index?: number;
  readonly total?: number;
  /** The instruction as the builder printed it, e.g. `RUN npm ci`. */
  readonly instruction: string;
  /** Upper-case keyword of `instruction` (`RUN`, `COPY`, …) or `INTERNAL` for BuildKit's own vertices. */
  readonly keyword: string;
  /** Line where the step header was printed. */
  readonly line: number;
  cached: boolean;
  errored: boolean;
  /** Seconds from BuildKit's `DONE 12.3s` / tty timing, when printed. */
  seconds?: number;
}

export interface LogLine {
  /** 1-based line number in the input as given (physical `\n` lines). */
  readonly line: number;
  /** The line without ANSI escapes, after carriage-return redraws (the last drawn segment). */
  readonly text: string;
  /** `text` without the builder's or Compose's prefix (`#5 1.234 `, `api-1  | `). */
  readonly body: string;
  readonly step?: StepInfo;
  /** Compose service (container name without the replica suffix), for `service-1 | …` lines. */
  readonly service?: string;
  /** A repeat of an earlier line drawn again by a TTY progress display. */
  readonly redraw: boolean;
}

export interface DockerEvent {
  readonly line: number;
  readonly type: string;
  readonly action: string;
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface NormalizedLog {
  readonly kind: LogKind;
  readonly lines: readonly LogLine[];
  readonly steps: readonly StepInfo[];
  /** Parsed `docker inspect` output (always an array), when the input is that JSON. */
  readonly inspect?: readonly Record<string, unknown>[];
  readonly events: readonly DockerEvent[];
  /** `Dockerfile:12` frames BuildKit prints under an error, with the line they point to. */
  readonly frames: readonly { readonly line: number; readonly file: string; readonly target: number }[];
}

/** The situations of the spec's error-handling table and troubleshooting tree. */
export type Situation =
  | 'dependency-install'
  | 'copy-source-not-found'
  | 'image-too-large'
  | 'container-exits'
  | 'permission-denied'
  | 'port-allocated'
  | 'healthcheck-failing'
  | 'secret-in-layers'
  | 'build-cache-miss'
  | 'oom-killed'
  | 'service-network'
  | 'pull-failure'
  | 'syntax-frontend-offline'
  | 'no-space-left'
  | 'x509-proxy';

export type Confidence = 'high' | 'medium' | 'low';

/** Inclusive range of 1-based input lines. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

/** A place in the user's project the finding points at. */
export interface ProjectLocation {
  readonly file: string;
  readonly line: number;
  /** What is there, e.g. the instruction or the compose key. */
  readonly what?: string;
  /** Where the location came from: the log's own `Dockerfile:12` frame, or the project read with --dir. */
  readonly via: 'log' | 'project';
}

export interface Finding {
  readonly situation: Situation;
  /** `situation/specific-cause`, e.g. `dependency-install/apt-package-not-found`. */
  readonly cause: string;
  readonly title: string;
  readonly confidence: Confidence;
  /** Evidence used, as line ranges of the input; the first is the main one. */
  readonly evidence: readonly LineRange[];
  readonly fix: string;
  readonly docs: string;
  readonly step?: StepInfo;
  readonly service?: string;
  readonly locations: readonly ProjectLocation[];
  /** Facts the detector extracted (package, manager, port, host, image, …). */
  readonly details: Readonly<Record<string, string | number | boolean>>;
  /** Further hand-offs, e.g. `dockwright analyze <image>`. */
  readonly next?: readonly string[];
}

/** One detector per situation: a pure function from the normalised log (and project, if any) to findings. */
export interface Detector {
  readonly situation: Situation;
  readonly title: string;
  readonly docs: string;
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[];
}

export interface DockerfileInfo {
  /** Path relative to the project dir (slash-separated). */
  readonly path: string;
  readonly ast: DockerfileAST;
}

export interface IgnoreInfo {
  readonly path: string;
  readonly patterns: readonly { readonly line: number; readonly text: string; readonly normalized: string }[];
}

export interface ComposeInfo {
  readonly files: readonly string[];
  readonly project: ComposeProject;
}

/** The project read with `--dir`: everything the detectors may consult, loaded up front so they stay pure. */
export interface ProjectInfo {
  readonly dir: string;
  readonly dockerfiles: readonly DockerfileInfo[];
  readonly ignore?: IgnoreInfo;
  readonly compose?: ComposeInfo;
  /** Slash-separated paths of files and directories in the project (bounded walk, `.git` skipped). */
  readonly files: ReadonlySet<string>;
}

export interface ExplainReport {
  readonly kind: LogKind;
  readonly lineCount: number;
  readonly recognised: boolean;
  readonly findings: readonly Finding[];
  /** When nothing was recognised: the most error-like lines, best first. */
  readonly suspicious: readonly { readonly line: number; readonly text: string; readonly score: number }[];
  /** Every input line without ANSI escapes (index = line - 1), for showing evidence. */
  readonly lineTexts: readonly string[];
}
