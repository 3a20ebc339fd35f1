/**
 * A declarative Jenkins pipeline as a tree of Groovy blocks. Shell steps are kept as their own kind so the printer
 * can single-quote them (the shell expands credentials, never Groovy — the credentials-binding plugin's advice).
 */

export type JenkinsStep =
  /** `sh '…'` (single-quoted; `'''` block for multi-line scripts). `label` becomes `sh(label: …, script: …)`. */
  | { readonly kind: 'sh'; readonly script: string; readonly label?: string }
  /** Any other step or Groovy line, written as given (e.g. `archiveArtifacts artifacts: 'x', allowEmptyArchive: true`). */
  | { readonly kind: 'raw'; readonly text: string }
  /** `// …` lines. */
  | { readonly kind: 'comment'; readonly lines: readonly string[] }
  /** `name(args) { … }` / `name { … }`: withCredentials, script, dir, timeout … */
  | { readonly kind: 'block'; readonly head: string; readonly body: readonly JenkinsStep[] };

/** `when { … }`: conditions are ANDed as declarative does; `anyOf` wraps alternatives. */
export interface JenkinsWhen {
  /** Raw conditions, e.g. `branch 'main'`, `buildingTag()`; several are wrapped in `anyOf { … }`. */
  readonly anyOf: readonly string[];
  /** `beforeAgent true`: decide before allocating the stage's agent. */
  readonly beforeAgent?: boolean;
  /** `beforeInput true`: decide before asking for approval. */
  readonly beforeInput?: boolean;
}

/** Stage-level `input { … }` (an approval gate). */
export interface JenkinsInput {
  readonly message: string;
  readonly ok: string;
  /** Comma-separated user or group ids allowed to approve; omitted = anyone with Job/Build. */
  readonly submitter?: string;
}

export type JenkinsPost = readonly { readonly condition: string; readonly steps: readonly JenkinsStep[] }[];

export interface JenkinsStage {
  readonly name: string;
  readonly comment?: readonly string[];
  /** `agent …` body, e.g. `{ label 'docker' }`. */
  readonly agent?: string;
  readonly when?: JenkinsWhen;
  readonly options?: readonly string[];
  readonly input?: JenkinsInput;
  /** `KEY = value` pairs; values are Groovy expressions (`credentials('id')`, `'literal'`). */
  readonly environment?: readonly (readonly [string, string])[];
  /** Exactly one of `steps` and `stages` (sequential nested stages). */
  readonly steps?: readonly JenkinsStep[];
  readonly stages?: readonly JenkinsStage[];
  readonly post?: JenkinsPost;
}

export interface JenkinsfileModel {
  readonly header: readonly string[];
  /** `agent …` body, e.g. `{ label 'docker' }` or `none`. */
  readonly agent: string;
  readonly options: readonly string[];
  /** `KEY = value` pairs with an optional comment line above; values are Groovy expressions. */
  readonly environment: readonly JenkinsEnvEntry[];
  readonly stages: readonly JenkinsStage[];
  /** `post { always { … } failure { … } }` sections (empty = no `post`). */
  readonly post: JenkinsPost;
}

export interface JenkinsEnvEntry {
  readonly name: string;
  readonly value: string;
  readonly comment?: string;
}
