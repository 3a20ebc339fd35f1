import type { Diagnostic, Range, SourceFile } from '../../core/index.js';
import type { ImageRef } from './image-ref.js';
import type { MappedText } from './mapped-text.js';

export type EscapeToken = '\\' | '`';

/** The instructions of the Dockerfile reference. Anything else parses as `UNKNOWN`. */
export type InstructionKeyword =
  | 'ADD'
  | 'ARG'
  | 'CMD'
  | 'COPY'
  | 'ENTRYPOINT'
  | 'ENV'
  | 'EXPOSE'
  | 'FROM'
  | 'HEALTHCHECK'
  | 'LABEL'
  | 'MAINTAINER'
  | 'ONBUILD'
  | 'RUN'
  | 'SHELL'
  | 'STOPSIGNAL'
  | 'USER'
  | 'VOLUME'
  | 'WORKDIR';

export const INSTRUCTION_KEYWORDS: readonly InstructionKeyword[] = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
];

/** A `# name=value` parser directive at the top of the file. */
export interface Directive {
  /** Lower-cased: `syntax`, `escape` or `check`. */
  readonly name: string;
  readonly value: string;
  readonly range: Range;
  readonly nameRange: Range;
  readonly valueRange: Range;
}

/** A comment line. `text` is everything after `#` (untrimmed). */
export interface Comment {
  readonly range: Range;
  readonly text: string;
}

/** A builder flag such as `--from=build` or `--link`. */
export interface Flag {
  /** Name without the leading `--`. */
  readonly name: string;
  /** Decoded value (quotes and escapes processed); `undefined` for a bare `--flag`. */
  readonly value: string | undefined;
  /** The decoded word as BuildKit keeps it, e.g. `--from=build`. */
  readonly word: string;
  readonly range: Range;
  /** Range of `--name`. */
  readonly nameRange: Range;
  /** Range of the text after `=` (raw, quotes included). */
  readonly valueRange?: Range;
  /** Offsets into the source of each character of `value` (for mapping sub-parts such as mount options). */
  readonly valueOffsets?: readonly number[];
}

/** An argument as BuildKit splits it. */
export interface Arg {
  /** The value BuildKit stores (decoded for JSON form, raw otherwise). */
  readonly value: string;
  /** The source text of the argument (continuations removed). */
  readonly raw: string;
  readonly range: Range;
  /** For COPY/ADD sources and RUN words that are heredoc operators (`<<EOF`). */
  readonly heredoc?: Heredoc;
}

export interface Heredoc {
  /** Delimiter word after quote removal. */
  readonly name: string;
  /** `3` for `3<<EOF`; undefined when absent. */
  readonly fileDescriptor?: number;
  /** False when any part of the delimiter was quoted. */
  readonly expand: boolean;
  /** `<<-`: leading tabs are stripped from the body (see `chompHeredoc`). */
  readonly chomp: boolean;
  /** The body exactly as written, every line with its newline (BuildKit's `Content`). */
  readonly content: string;
  readonly body: MappedText;
  /** Range of the `<<EOF` operator word in the instruction line. */
  readonly range: Range;
  readonly bodyRange: Range;
  /** The terminating delimiter line; undefined when unterminated. */
  readonly delimiterRange?: Range;
}

/** A `k=v` or legacy `k v` pair of ENV / LABEL. `value` is raw (quotes kept), as BuildKit stores it. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  readonly form: 'equals' | 'legacy';
  readonly range: Range;
  readonly keyRange: Range;
  readonly valueRange: Range;
}

/** One `name[=default]` of an ARG. */
export interface ArgDeclaration {
  readonly name: string;
  /** Raw default (quotes kept); undefined when there is no `=`. */
  readonly defaultValue?: string;
  readonly range: Range;
  readonly nameRange: Range;
  readonly defaultRange?: Range;
}

/** One `key=value` (or bare `key`) field of a `--mount` flag. */
export interface MountOption {
  readonly key: string;
  readonly value?: string;
  readonly range: Range;
  readonly keyRange: Range;
  readonly valueRange?: Range;
}

export interface Mount {
  readonly flag: Flag;
  /** `type=` value, `bind` when absent (BuildKit's default). */
  readonly type: string;
  readonly options: readonly MountOption[];
}

export type InstructionForm = 'json' | 'shell' | 'none';

export interface InstructionBase {
  readonly keyword: string;
  /** The keyword as written (casing kept). */
  readonly keywordText: string;
  readonly keywordRange: Range;
  /** From the keyword to the last character of the instruction (last heredoc delimiter included). */
  readonly range: Range;
  /** 1-based lines as BuildKit counts them (`Node.StartLine` / `EndLine`). */
  readonly startLine: number;
  readonly endLine: number;
  readonly flags: readonly Flag[];
  readonly args: readonly Arg[];
  readonly form: InstructionForm;
  readonly heredocs: readonly Heredoc[];
  /** The logical line from the keyword on, with continuations and comment lines removed as BuildKit joins them. */
  readonly line: MappedText;
  /** The arguments after keyword and flags (trimmed). */
  readonly argsText: MappedText;
  /** Comment lines inside the continuation (BuildKit drops them). */
  readonly comments: readonly Comment[];
  /** Whitespace-only lines inside the continuation (BuildKit warns: "Empty continuation line"). */
  readonly emptyContinuationLines: readonly Range[];
  /** Range of each line-continuation escape token. */
  readonly continuations: readonly Range[];
}

export interface FromInstruction extends InstructionBase {
  readonly keyword: 'FROM';
  readonly image?: ImageRef;
  readonly stageName?: Arg;
  /** The `AS` word. */
  readonly asRange?: Range;
  readonly platform?: Flag;
}

export interface CommandInstructionBase extends InstructionBase {
  /** Shell form: the command text (continuations removed) with its map back to the source. */
  readonly command?: MappedText;
}

export interface RunInstruction extends CommandInstructionBase {
  readonly keyword: 'RUN';
  readonly mounts: readonly Mount[];
  readonly network?: Flag;
  readonly security?: Flag;
}

export interface CmdInstruction extends CommandInstructionBase {
  readonly keyword: 'CMD';
}

export interface EntrypointInstruction extends CommandInstructionBase {
  readonly keyword: 'ENTRYPOINT';
}

export interface ShellInstruction extends InstructionBase {
  readonly keyword: 'SHELL';
}

export interface CopyInstructionBase extends InstructionBase {
  readonly sources: readonly Arg[];
  readonly destination?: Arg;
  readonly chown?: Flag;
  readonly chmod?: Flag;
  readonly link?: Flag;
}

export interface CopyInstruction extends CopyInstructionBase {
  readonly keyword: 'COPY';
  readonly from?: Flag;
}

export interface AddInstruction extends CopyInstructionBase {
  readonly keyword: 'ADD';
  readonly checksum?: Flag;
}

export interface EnvInstruction extends InstructionBase {
  readonly keyword: 'ENV';
  readonly pairs: readonly KeyValue[];
}

export interface LabelInstruction extends InstructionBase {
  readonly keyword: 'LABEL';
  readonly pairs: readonly KeyValue[];
}

export interface ArgInstruction extends InstructionBase {
  readonly keyword: 'ARG';
  readonly declarations: readonly ArgDeclaration[];
}

export interface ExposeInstruction extends InstructionBase {
  readonly keyword: 'EXPOSE';
  readonly ports: readonly Arg[];
}

export interface VolumeInstruction extends InstructionBase {
  readonly keyword: 'VOLUME';
  readonly paths: readonly Arg[];
}

export interface UserInstruction extends InstructionBase {
  readonly keyword: 'USER';
  readonly user?: Arg;
}

export interface WorkdirInstruction extends InstructionBase {
  readonly keyword: 'WORKDIR';
  readonly path?: Arg;
}

export interface StopsignalInstruction extends InstructionBase {
  readonly keyword: 'STOPSIGNAL';
  readonly signal?: Arg;
}

export interface MaintainerInstruction extends InstructionBase {
  readonly keyword: 'MAINTAINER';
  readonly maintainer?: Arg;
}

export interface HealthcheckInstruction extends CommandInstructionBase {
  readonly keyword: 'HEALTHCHECK';
  /** `CMD`, `NONE` (or whatever was written, which is an error). */
  readonly kind?: Arg;
}

export interface OnbuildInstruction extends InstructionBase {
  readonly keyword: 'ONBUILD';
  readonly trigger?: Instruction;
}

/** An instruction BuildKit does not know (reported as `dockerfile/unknown-instruction`). */
export interface UnknownInstruction extends InstructionBase {
  readonly keyword: 'UNKNOWN';
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | CopyInstruction
  | AddInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | ExposeInstruction
  | VolumeInstruction
  | UserInstruction
  | WorkdirInstruction
  | StopsignalInstruction
  | MaintainerInstruction
  | HealthcheckInstruction
  | OnbuildInstruction
  | UnknownInstruction;

export interface DockerfileAST {
  readonly source: SourceFile;
  readonly directives: readonly Directive[];
  readonly escapeToken: EscapeToken;
  readonly instructions: readonly Instruction[];
  /** Stand-alone comment lines (comments inside continuations are on their instruction). */
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
}
