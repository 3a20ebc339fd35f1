import type { LanguageName } from '../../detect/types.js';
import type { Stack } from '../types.js';
import { nodeStack } from './node.js';

/** Every stack, by id. Later sessions add python, go, rust, java, dotnet, static. */
export const stacks: readonly Stack[] = [nodeStack];

/** Languages `init` will support, with the issue that tracks them (for the "not yet supported" message). */
export const PLANNED_LANGUAGES: readonly LanguageName[] = [
  'python',
  'go',
  'rust',
  'java',
  'dotnet',
  'static',
];

export function stackFor(language: string): Stack | undefined {
  return stacks.find((s) => s.languages.includes(language));
}
