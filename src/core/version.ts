import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** dockwright's own version (package.json), e.g. for the pinned `npx dockwright@…` of generated pipelines. */
export function dockwrightVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cached;
}
