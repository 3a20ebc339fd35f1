import { statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { loadContextIgnore } from '../parse/dockerignore/index.js';
import type { BuildContextInfo } from './engine/rule.js';

/** Context-relative, `/`-separated, without `./` or a leading `/` (COPY sources are relative to the context root). */
function clean(path: string): string {
  const n = normalize(path.replace(/^\/+/, '')).replace(/\\/g, '/');
  return n === '.' ? '' : n.replace(/\/$/, '');
}

/**
 * What rules may know about a build context on disk: which paths exist and what .dockerignore excludes.
 * `exists` answers from the file system lazily (and caches), so a rule that never asks costs nothing.
 */
export async function loadBuildContext(dir: string, dockerfile?: string): Promise<BuildContextInfo> {
  const ignore = await loadContextIgnore(
    dir,
    dockerfile ? { dockerfile: isAbsolute(dockerfile) ? relative(dir, dockerfile) : dockerfile } : {},
  );
  const cache = new Map<string, boolean>();
  return {
    dir,
    exists(path) {
      const key = clean(path);
      let hit = cache.get(key);
      if (hit === undefined) {
        // ENOTDIR (a path through a file, e.g. `mvnw/package-lock.json`) means "not there" too.
        try {
          hit = statSync(join(dir, key), { throwIfNoEntry: false }) !== undefined;
        } catch {
          hit = false;
        }
        cache.set(key, hit);
      }
      return hit;
    },
    ...(ignore.ignoreFile
      ? {
          dockerignore: {
            path: ignore.ignoreFile,
            excludes: (path: string) => ignore.matcher.matches(clean(path)),
          },
        }
      : {}),
  };
}
