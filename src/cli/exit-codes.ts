/** The exit codes every command shares. */
export const ExitCode = {
  /** Nothing at or above the failure threshold. */
  Ok: 0,
  /** Findings at or above the failure threshold. */
  Findings: 1,
  /** Bad usage, unreadable or invalid input, or a command that is not available. */
  UsageOrInput: 2,
  /** A bug in dockwright itself. */
  Internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
