import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFiles } from './types.js';

/** The project tree on disk, read lazily (stacks only ask about a handful of optional files). */
export function diskProjectFiles(root: string): ProjectFiles {
  return {
    exists: (path) => statSync(join(root, path), { throwIfNoEntry: false }) !== undefined,
    readText(path) {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
