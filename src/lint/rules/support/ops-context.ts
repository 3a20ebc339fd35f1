/**
 * Build-context helpers for the .dockerignore / COPY source rules (prefix `ops-`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddInstruction, Arg, CopyInstruction } from '../../../parse/dockerfile/ast.js';
import type { DockerfileModel } from '../../../parse/dockerfile/model.js';
import type { BuildContextInfo } from '../../engine/rule.js';
import { contextPath, expandSource, isRemoteSource } from './ops-util.js';

/** Context-relative paths (files and dirs) whose base name satisfies `want`, walking at most `maxEntries`. */
export function findInContext(
  bc: BuildContextInfo,
  want: (name: string, isDir: boolean) => boolean,
  opts: { maxDepth?: number; maxEntries?: number } = {},
): string[] {
  const maxDepth = opts.maxDepth ?? 6;
  let budget = opts.maxEntries ?? 20000;
  const found: string[] = [];
  const walk = (rel: string, depth: number): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(rel ? join(bc.dir, rel) : bc.dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (--budget < 0) return;
      const path = rel ? `${rel}/${e.name}` : e.name;
      const isDir = e.isDirectory();
      if (want(e.name, isDir)) {
        found.push(path);
        continue;
      }
      if (isDir && depth < maxDepth && e.name !== '.git' && e.name !== 'node_modules') walk(path, depth + 1);
    }
  };
  walk('', 0);
  return found.sort();
}

export interface LocalSource {
  readonly arg: Arg;
  /** Context-relative, cleaned (`.` for the root). */
  readonly path: string;
}

/** Local context sources of a COPY/ADD (no `--from`, no heredoc, no URL, variables resolved), with their clean path. */
export function localSources(model: DockerfileModel, ins: CopyInstruction | AddInstruction): LocalSource[] {
  if (ins.keyword === 'COPY' && ins.from) return [];
  const out: LocalSource[] = [];
  for (const arg of ins.sources) {
    if (arg.heredoc) continue;
    const value = expandSource(model, ins, arg);
    if (value === undefined || isRemoteSource(value)) continue;
    if (value.split('/').some((seg) => seg === '..')) continue;
    out.push({ arg, path: contextPath(value) });
  }
  return out;
}
