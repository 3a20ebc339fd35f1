import type { AddInstruction, CopyInstruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';
import { expandFully } from '../support/structure-util.js';

export default defineRule({
  name: 'copy-destination-trailing-slash',
  meta: {
    description: 'COPY/ADD with several sources needs a directory destination ending in `/`',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      slash:
        '{{keyword}} has {{count}} sources, so the destination must be a directory ending in "/": write "{{fixed}}"',
    },
    sources: ['hadolint:DL3021', 'trivy:DS-0011'],
    spec: '03-dockerfile-fundamentals: COPY vs ADD — use COPY for files and directories',
  },
  create(context) {
    const check = (node: CopyInstruction | AddInstruction) => {
      const dest = node.destination;
      if (!dest || node.sources.length < 2) return;
      const value = expandFully(context.model, node, dest.value);
      if (value === undefined) return; // a variable we cannot see may well end in "/"
      if (/[/\\]$/.test(value)) return;
      // Insert the slash inside a closing quote (JSON form or a quoted word).
      const quoted = /["']$/.test(dest.raw) && dest.raw.length > 1;
      const at = quoted ? dest.range.end - 1 : dest.range.end;
      context.report({
        node,
        range: dest.range,
        messageId: 'slash',
        data: { keyword: node.keyword, count: node.sources.length, fixed: `${value}/` },
        fix: { range: { start: at, end: at }, text: '/' },
      });
    };
    return { COPY: check, ADD: check };
  },
});
