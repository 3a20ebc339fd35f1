export type StepName = 'build' | 'image' | 'naive' | 'run' | 'health' | 'user' | 'stop' | 'cleanup';
export type StepStatus = 'pass' | 'fail' | 'skip';

export interface StepResult {
  readonly step: StepName;
  /** Which service (compose mode). */
  readonly service?: string;
  readonly status: StepStatus;
  readonly ms: number;
  readonly summary: string;
  /** Relevant log lines (build log tail, container logs, health probe output). */
  readonly details?: readonly string[];
  readonly hint?: string;
  /** Machine-readable facts (size, layers, user, port…). */
  readonly facts?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface VerifyReport {
  readonly schemaVersion: 1;
  readonly dir: string;
  readonly engine: string;
  readonly mode: 'image' | 'compose';
  readonly ok: boolean;
  readonly steps: readonly StepResult[];
  /** What verify did about the environment (offline frontend, host networking, port). */
  readonly notes: readonly string[];
  readonly totalMs: number;
  /** `--compare-naive`: the generated image against a naive single-stage build of the same app. */
  readonly comparison?: NaiveComparison;
  /** Compose mode: one line per service. */
  readonly services?: readonly ServiceSummary[];
}

export interface NaiveComparison {
  /** The naive build's base (the full toolchain image, or the stand-in used instead). */
  readonly naiveBase: string;
  readonly naiveSize: number;
  readonly size: number;
  /** (naive − generated) / naive, in %. */
  readonly reductionPct: number;
  /** The spec's success criterion: more than 50%. */
  readonly meetsTarget: boolean;
  /** Set when the full toolchain image was not available and a smaller stand-in was used. */
  readonly fallback?: string;
}

export interface ServiceSummary {
  readonly service: string;
  readonly built: boolean | null;
  readonly started: boolean;
  readonly healthy: boolean | null;
  readonly user: string | null;
  readonly stopped: boolean | null;
}

export type StepEvent =
  | { readonly kind: 'start'; readonly step: StepName; readonly service?: string; readonly label: string }
  | { readonly kind: 'end'; readonly result: StepResult }
  | { readonly kind: 'note'; readonly message: string };
