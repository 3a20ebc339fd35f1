import { checkstyle } from './checkstyle.js';
import { compact } from './compact.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export type { JsonFinding } from './json.js';
export type { FormatOptions, Formatter } from './types.js';

/** Every `--format` of `dockwright lint`; the first is the default. */
export const formatters: Readonly<Record<string, Formatter>> = {
  stylish,
  json,
  sarif,
  github,
  gitlab,
  checkstyle,
  junit,
  compact,
};

export const formatNames: readonly string[] = Object.keys(formatters);
