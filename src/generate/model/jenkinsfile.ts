/**
 * A declarative Jenkins pipeline as a tree of Groovy blocks. Shell steps are kept as their own kind so the printer
 * can single-quote them (the shell expands credentials, never Groovy — the credentials-binding plugin's advice).
 */

export type JenkinsStep =
  /** `sh '…'` (single-quoted; `'''` block for multi-line scripts). `label` becomes `sh(label: …, script: …)`. */
  | { readonly kind: 'sh'; readonly script: string; readonly label?: string }
  /** Any other step or Groovy line, written as given (e.g. `archiveArtifacts artifacts: 'x', allowEmptyArchive: true`). */
  | { readonly kind: 'raw'; readonly text: string }
  /** `name(args) { … }` / `name { … }`: withCredentials, script, dir, timeout … */
  | { readonly kind: 'block'; readonly head: string; readonly body: readonly JenkinsStep[] };

export interface JenkinsStage {
  readonly name: string;
  readonly comment?: readonly string[];
  /** Raw `when { … }` conditions, e.g. `branch 'main'`, `buildingTag()`, wrapped in `anyOf` when several. */
  readonly when?: readonly string[];
  readonly agent?: string;
  readonly environment?: readonly (readonly [string, string])[];
  readonly steps: readonly JenkinsStep[];
}

export interface JenkinsfileModel {
  readonly header: readonly string[];
  /** `agent …` line body, e.g. `{ label 'docker' }` or `any`. */
  readonly agent: string;
  readonly options: readonly string[];
  /** `KEY = value` pairs; values are Groovy expressions (`credentials('id')`, `'literal'`). */
  readonly environment: readonly (readonly [string, string])[];
  readonly stages: readonly JenkinsStage[];
  /** `post { always { … } failure { … } }` sections. */
  readonly post: readonly { readonly condition: string; readonly steps: readonly JenkinsStep[] }[];
}
