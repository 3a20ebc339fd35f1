import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineRule } from '../../engine/rule.js';
import {
  contextPath,
  expandSource,
  hasArchiveExtension,
  hasGlob,
  isRemoteSource,
} from '../support/ops-util.js';

/** Flags COPY accepts too; anything else (`--checksum`, `--keep-git-dir`, `--unpack`) means no fix. */
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude', 'parents']);

/** gzip, bzip2, xz, zstd magic numbers, or a ustar header: ADD would extract this file. */
function looksLikeArchive(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(262);
    const n = readSync(fd, buf, 0, 262, 0);
    closeSync(fd);
    if (n >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return true;
    if (n >= 3 && buf.toString('latin1', 0, 3) === 'BZh') return true;
    if (n >= 6 && buf.toString('latin1', 0, 6) === '\xfd7zXZ\x00') return true;
    if (n >= 4 && buf.readUInt32LE(0) === 0xfd2fb528) return true;
    return n >= 262 && buf.toString('latin1', 257, 262) === 'ustar';
  } catch {
    return false;
  }
}

export default defineRule({
  name: 'prefer-copy',
  meta: {
    description:
      'Use COPY instead of ADD for local files and directories; ADD is only for archives to extract and URLs',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      useCopy: 'ADD of local {{what}}: use COPY (ADD silently extracts archives and fetches URLs)',
    },
    sources: ['hadolint:DL3020', 'trivy:DS-0005', 'checkov:CKV_DOCKER_4'],
    spec: '02-production-self-check: No ADD for local files (use COPY - ADD auto-extracts and fetches URLs)',
  },
  create(context) {
    return {
      ADD(node) {
        if (node.sources.length === 0) return;
        let heredoc = false;
        for (const src of node.sources) {
          if (src.heredoc) {
            heredoc = true;
            continue;
          }
          const value = expandSource(context.model, node, src);
          // Unknown value: it could be a URL or an archive.
          if (value === undefined) return;
          if (isRemoteSource(value) || hasArchiveExtension(value)) return;
          // ADD detects archives by content: an extension-less tarball in the context is still extracted.
          const bc = context.buildContext;
          if (bc && !hasGlob(value) && looksLikeArchive(join(bc.dir, contextPath(value)))) return;
        }
        const onlyCopyFlags = node.flags.every((f) => COPY_FLAGS.has(f.name.toLowerCase()));
        context.report({
          node,
          range: node.keywordRange,
          messageId: 'useCopy',
          data: { what: heredoc && node.sources.every((s) => s.heredoc) ? 'heredoc content' : 'files' },
          ...(onlyCopyFlags
            ? { fix: { range: node.keywordRange, text: node.keywordText === 'add' ? 'copy' : 'COPY' } }
            : {}),
        });
      },
    };
  },
});
