import type { Severity, TextEdit } from '../../core/diagnostic.js';
import type { Range } from '../../core/source.js';
import type { DockerfileAST, Instruction, InstructionKeyword } from '../../parse/dockerfile/ast.js';
import type { DockerfileModel, Stage } from '../../parse/dockerfile/model.js';
import type { ShellScript } from '../../parse/shell/index.js';
import type { Suppression } from './suppressions.js';

export type RuleType = 'problem' | 'suggestion' | 'style';

/** The spec's tiers as review profiles: tier 1 / tiers 2-3 / tier 4. */
export type Profile = 'dev' | 'production' | 'hardened';
export const PROFILES: readonly Profile[] = ['dev', 'production', 'hardened'];

/**
 * Equivalent checks in other tools, written `tool:id`:
 * `hadolint:DL3008`, `buildkit:JSONArgsRecommended`, `trivy:DS-0002`, `checkov:CKV_DOCKER_3`, `kics:…`, `dclint:…`.
 */
export type SourceId =
  `${'hadolint' | 'buildkit' | 'trivy' | 'checkov' | 'kics' | 'dclint' | 'shellcheck'}:${string}`;

export interface RuleMeta<MessageId extends string, Options> {
  readonly description: string;
  readonly type: RuleType;
  /** Default severity when the rule is on. */
  readonly severity: Severity;
  /** The least strict profile that turns the rule on; `false` = opt-in only. */
  readonly profile: Profile | false;
  readonly fixable?: 'safe' | 'unsafe';
  /** Message templates; `{{name}}` is filled from the report's `data`. */
  readonly messages: Readonly<Record<MessageId, string>>;
  /** Defaults for every option; user options are merged over them. */
  readonly defaultOptions?: Options;
  /** JSON schema of the options object (validated when config is loaded). */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  readonly sources?: readonly SourceId[];
  /** The spec section the rule enforces, e.g. `02-production-self-check: USER directive present`. */
  readonly spec?: string;
}

/** Facts about the build context the rules may use when it is known. */
export interface BuildContextInfo {
  readonly dir: string;
  /** True when the context path (relative, `/`-separated) exists on disk. */
  exists(path: string): boolean;
  /** The .dockerignore that applies, when there is one. */
  readonly dockerignore?: {
    readonly path: string;
    /** Does .dockerignore exclude this context-relative path? */
    excludes(path: string): boolean;
  };
}

export interface LintSettings {
  readonly profile: Profile;
  /** Registries base images may come from (`docker.io`, `ghcr.io`, …); empty = any. */
  readonly trustedRegistries: readonly string[];
  /** OCI label keys that must be present in the final stage. */
  readonly requiredLabels: readonly string[];
}

export interface ReportDescriptor<MessageId extends string> {
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Where the problem is; defaults to the instruction given as `node`. */
  readonly range?: Range;
  readonly node?: Instruction;
  /** The rule's fix (its kind comes from `meta.fixable`). */
  readonly fix?: readonly TextEdit[] | TextEdit;
  readonly hint?: string;
}

export interface DockerfileRuleContext<MessageId extends string, Options> {
  readonly ruleId: string;
  readonly file: string;
  readonly ast: DockerfileAST;
  readonly model: DockerfileModel;
  readonly options: Options;
  readonly settings: LintSettings;
  readonly buildContext?: BuildContextInfo;
  /** Shell AST of a RUN's shell-form command (or any shell-form command instruction), parsed once per file. */
  shellOf(instruction: Instruction): ShellScript | undefined;
  /** Shell ASTs of heredoc bodies that the shell runs (RUN <<EOF). */
  heredocScripts(instruction: Instruction): readonly ShellScript[];
  /** Inline suppressions the file declares (`# dockwright ignore=…`, `# hadolint ignore=…`, `# check=skip=…`). */
  readonly suppressions: readonly Suppression[];
  /** The last stage, which is the image that ships (unless `--target` says otherwise). */
  readonly finalStage: Stage | undefined;
  isFinalStage(stage: Stage | undefined): boolean;
  report(descriptor: ReportDescriptor<MessageId>): void;
}

type InstructionOf<K extends string> = Extract<Instruction, { keyword: K }>;

export type DockerfileVisitors = {
  readonly [K in InstructionKeyword | 'UNKNOWN']?: (node: InstructionOf<K>, stage: Stage | undefined) => void;
} & {
  /** Every instruction, before its keyword visitor, including ARGs before the first FROM. */
  readonly instruction?: (node: Instruction, stage: Stage | undefined) => void;
  readonly stageEnter?: (stage: Stage) => void;
  readonly stageExit?: (stage: Stage) => void;
  readonly fileExit?: () => void;
};

export interface DockerfileRule<MessageId extends string = string, Options = Record<string, never>> {
  readonly name: string;
  readonly language: 'dockerfile';
  readonly meta: RuleMeta<MessageId, Options>;
  create(context: DockerfileRuleContext<MessageId, Options>): DockerfileVisitors;
}

/** Identity with types: one rule per file, `export default defineRule({...})`. */
export function defineRule<MessageId extends string, Options = Record<string, never>>(
  rule: Omit<DockerfileRule<MessageId, Options>, 'language'> & { language?: 'dockerfile' },
): DockerfileRule<MessageId, Options> {
  return { ...rule, language: 'dockerfile' };
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous rule list needs an erased type
export type AnyDockerfileRule = DockerfileRule<string, any>;
