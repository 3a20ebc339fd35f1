import type { FsView } from './fs-view.js';
import type {
  AppKind,
  Confidence,
  EnvVarFacts,
  Evidence,
  FrameworkFacts,
  LanguageFacts,
  MlFacts,
  NativeDependency,
  Note,
  PackageManagerFacts,
  ServiceFacts,
} from './types.js';

/** What a detector is given: the tree, the app directory and the directories of other apps to leave alone. */
export interface DetectorContext {
  readonly view: FsView;
  /** App directory relative to the root (`.` for the root). */
  readonly dir: string;
  /** Directories (root-relative) that belong to other apps and must not be scanned as part of this one. */
  readonly exclude: ReadonlySet<string>;
  /** Set when the app is a member of a workspace; lockfiles and version files are also looked for there. */
  readonly workspaceRoot: string | null;
  /** Workspace tools at the root (`turborepo`, `nx`, `pnpm-workspaces`, …) — they change build commands. */
  readonly workspaceTools: readonly string[];
}

/**
 * A detector's answer for one directory: how sure it is this is its kind of project (`score`, 0–100)
 * and the facts it found, each set through `set…` so evidence is recorded with the value.
 */
export class AppDraft {
  name: string;
  readonly path: string;
  entry: string | undefined;
  score: number;
  /** False for libraries: a workspace member that nothing deploys. */
  deployable = true;
  language: LanguageFacts | undefined;
  extraRuntimes: string[] = [];
  packageManager: PackageManagerFacts | null = null;
  framework: FrameworkFacts | null = null;
  kind: AppKind | undefined;
  port: number | null = null;
  /** The port is a framework or language convention, not something the project says: scans may replace it. */
  portIsDefault = false;
  buildCommand: string | null = null;
  startCommand: string | null = null;
  startScript: string | undefined;
  outputDir: string | null = null;
  healthPath: string | null = null;
  services: ServiceFacts[] = [];
  env: EnvVarFacts[] = [];
  nativeDeps: NativeDependency[] = [];
  ml: MlFacts | null = null;
  readonly evidence: Evidence[] = [];
  readonly notes: Note[] = [];

  constructor(name: string, path: string, score: number) {
    this.name = name;
    this.path = path;
    this.score = score;
  }

  /** Record why we believe `fact` = `value`. */
  because(
    fact: string,
    value: string | number,
    source: string | null,
    confidence: Confidence,
    detail?: string,
    line?: number,
  ): void {
    const e: Evidence = {
      fact,
      value: String(value),
      source,
      ...(line !== undefined ? { line } : {}),
      confidence,
      ...(detail !== undefined ? { detail } : {}),
    };
    this.evidence.push(e);
  }

  note(level: Note['level'], message: string, source?: string | null): void {
    if (this.notes.some((n) => n.message === message)) return;
    this.notes.push({ level, message, ...(source !== undefined ? { source } : {}) });
  }

  setPort(port: number, source: string | null, confidence: Confidence, detail: string, line?: number): void {
    this.port = port;
    this.portIsDefault = false;
    this.because('port', port, source, confidence, detail, line);
  }

  /** A convention (framework default); anything the project itself says wins over it. */
  setDefaultPort(port: number, detail: string): void {
    this.port = port;
    this.portIsDefault = true;
    this.evidence.push({ fact: 'port', value: String(port), source: null, confidence: 'low', detail });
  }

  setStart(command: string, source: string | null, confidence: Confidence, detail: string): void {
    this.startCommand = command;
    this.because('startCommand', command, source, confidence, detail);
  }

  setBuild(command: string, source: string | null, confidence: Confidence, detail: string): void {
    this.buildCommand = command;
    this.because('buildCommand', command, source, confidence, detail);
  }

  setKind(kind: AppKind, source: string | null, confidence: Confidence, detail: string): void {
    this.kind = kind;
    this.because('kind', kind, source, confidence, detail);
  }

  setFramework(framework: FrameworkFacts, source: string, detail: string): void {
    this.framework = framework;
    this.because('framework', framework.name, source, 'high', detail);
  }
}

export interface Detector {
  /** Ecosystem id, also the file name under detectors/. */
  readonly id: string;
  /**
   * Look at `ctx.dir`. Return nothing when it is not this ecosystem's project; several drafts when one
   * manifest builds several deployables (Go `cmd/*`, Cargo bins, .NET projects of a solution).
   */
  detect(ctx: DetectorContext): AppDraft[];
}
