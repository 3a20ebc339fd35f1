/**
 * A typed model of the Dockerfiles `init` writes. Generators build this; one printer (`print/dockerfile.ts`)
 * turns it into text, and `dockerfileFromAst` reads printed text back into it (the round-trip proof).
 *
 * The model is deliberately smaller than the Dockerfile language: no heredocs (the BuildKit 20.10 built-in
 * frontend cannot run them offline), no shell-form CMD/ENTRYPOINT/HEALTHCHECK, no ONBUILD.
 */

/** A `--mount=` flag of RUN, as ordered key/value fields (`type` first). */
export interface RunMount {
  readonly type: 'cache' | 'bind' | 'secret' | 'tmpfs';
  readonly target?: string;
  readonly source?: string;
  readonly id?: string;
  readonly sharing?: 'shared' | 'private' | 'locked';
  readonly from?: string;
  readonly readonly?: boolean;
  readonly required?: boolean;
}

/**
 * One shell command as words. Words are written as given (already shell-quoted where they need it), so the
 * printer can wrap a long command between words without changing it.
 */
export type ShellCommand = readonly string[];

interface Base {
  /** Comment lines printed above the instruction (without `# `). */
  readonly comment?: readonly string[];
}

export interface FromInstr extends Base {
  readonly kind: 'FROM';
  readonly image: string;
  readonly as?: string;
  readonly platform?: string;
}
export interface ArgInstr extends Base {
  readonly kind: 'ARG';
  readonly name: string;
  readonly default?: string;
}
export interface EnvInstr extends Base {
  readonly kind: 'ENV';
  readonly vars: readonly (readonly [string, string])[];
}
export interface LabelInstr extends Base {
  readonly kind: 'LABEL';
  readonly labels: readonly (readonly [string, string])[];
}
export interface WorkdirInstr extends Base {
  readonly kind: 'WORKDIR';
  readonly path: string;
}
/** `RUN a && b && c`: commands joined with `&&`, each wrapped at word boundaries when long. */
export interface RunInstr extends Base {
  readonly kind: 'RUN';
  readonly mounts?: readonly RunMount[];
  readonly commands: readonly ShellCommand[];
}
export interface CopyInstr extends Base {
  readonly kind: 'COPY';
  readonly from?: string;
  readonly chown?: string;
  readonly sources: readonly string[];
  readonly dest: string;
}
export interface UserInstr extends Base {
  readonly kind: 'USER';
  readonly user: string;
}
export interface ExposeInstr extends Base {
  readonly kind: 'EXPOSE';
  readonly ports: readonly number[];
}
export interface HealthcheckInstr extends Base {
  readonly kind: 'HEALTHCHECK';
  readonly interval?: string;
  readonly timeout?: string;
  readonly startPeriod?: string;
  readonly retries?: number;
  /** Exec form only: the probe binary must exist in the image, no shell needed. */
  readonly cmd: readonly string[];
}
export interface CmdInstr extends Base {
  readonly kind: 'CMD' | 'ENTRYPOINT';
  readonly args: readonly string[];
}
export interface StopsignalInstr extends Base {
  readonly kind: 'STOPSIGNAL';
  readonly signal: string;
}

export type Instr =
  | ArgInstr
  | EnvInstr
  | LabelInstr
  | WorkdirInstr
  | RunInstr
  | CopyInstr
  | UserInstr
  | ExposeInstr
  | HealthcheckInstr
  | CmdInstr
  | StopsignalInstr;

export interface StageModel {
  readonly from: FromInstr;
  readonly instructions: readonly Instr[];
}

export interface DockerfileModel {
  /** `# syntax=` directive value; omitted when undefined. */
  readonly syntax?: string;
  /** Header comment lines (after the directive, before anything else). */
  readonly header: readonly string[];
  /** ARGs before the first FROM (usable in FROM lines). */
  readonly globalArgs: readonly ArgInstr[];
  readonly stages: readonly StageModel[];
}

/** The stage names, in order. */
export function stageNames(model: DockerfileModel): string[] {
  return model.stages.map((s) => s.from.as ?? '');
}

export function finalStage(model: DockerfileModel): StageModel | undefined {
  return model.stages.at(-1);
}
