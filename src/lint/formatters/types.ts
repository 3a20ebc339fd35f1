import type { Diagnostic } from '../../core/diagnostic.js';

export interface FormatOptions {
  /** ANSI colour functions; identity functions when colour is off. */
  readonly color: {
    red(s: string): string;
    yellow(s: string): string;
    blue(s: string): string;
    dim(s: string): string;
    bold(s: string): string;
    underline(s: string): string;
    green(s: string): string;
    magenta(s: string): string;
  };
  /** Files that were checked, so formatters can say "3 files, no problems". */
  readonly fileCount: number;
  /** The files that were checked (as diagnostics name them), so XML reports can list clean files too. */
  readonly files?: readonly string[];
  /** Source text per file (keyed like `Diagnostic.file`): code frames, fingerprints. */
  readonly sources?: ReadonlyMap<string, string>;
  /** dockwright's version, for reports that name the tool (SARIF). */
  readonly toolVersion?: string;
}

export type Formatter = (diagnostics: readonly Diagnostic[], options: FormatOptions) => string;
