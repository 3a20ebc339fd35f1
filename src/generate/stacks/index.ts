import { DockwrightError } from '../../core/errors.js';
import type { Stack } from '../types.js';
import { dotnetStack } from './dotnet.js';
import { goStack } from './go.js';
import { javaStack } from './java.js';
import { nodeStack } from './node.js';
import { pythonStack } from './python.js';
import { rustStack } from './rust.js';
import { staticStack } from './static.js';

/** Every stack, by id. */
export const stacks: readonly Stack[] = [
  nodeStack,
  pythonStack,
  goStack,
  rustStack,
  javaStack,
  dotnetStack,
  staticStack,
];

export function stackFor(language: string): Stack | undefined {
  return stacks.find((s) => s.languages.includes(language));
}

/** The error for a language detect knows but init does not generate for, naming what it does generate. */
export function unsupportedLanguage(language: string): DockwrightError {
  const supported = [...new Set(stacks.flatMap((s) => s.languages))].join(', ');
  return new DockwrightError(
    `not supported by init: ${language}`,
    `init generates for ${supported}; \`dockwright detect\` shows what was found. Other languages are not planned yet.`,
  );
}
