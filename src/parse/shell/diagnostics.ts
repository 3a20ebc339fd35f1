import type { Severity } from '../../core/diagnostic.js';
import type { Range } from '../../core/source.js';

export type ShellDialect = 'posix' | 'bash';

/**
 * A syntax problem found while parsing shell text. `range` is in the parser's
 * input; map it with `ShellScript.sourceRange`. Codes:
 * `shell/unterminated-quote`, `shell/unterminated` (`$(`, `${`, `(`, backquote),
 * `shell/unterminated-heredoc`, `shell/heredoc-missing-body`, `shell/unexpected-token`,
 * `shell/missing-keyword` (then/fi/do/done/esac/}/]]), `shell/missing-command`,
 * `shell/missing-word`, `shell/bad-substitution`, `shell/bad-for`, `shell/bad-case`,
 * `shell/too-deep`, `shell/internal-error` (a parser bug; please report),
 * and `shell/not-posix` (info: bash-only syntax while parsing with `dialect: 'posix'`).
 */
export interface ShellDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  readonly severity: Severity;
}
