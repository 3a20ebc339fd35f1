export type StepName = 'build' | 'image' | 'run' | 'health' | 'user' | 'stop' | 'cleanup';
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
}

export type StepEvent =
  | { readonly kind: 'start'; readonly step: StepName; readonly service?: string; readonly label: string }
  | { readonly kind: 'end'; readonly result: StepResult }
  | { readonly kind: 'note'; readonly message: string };
