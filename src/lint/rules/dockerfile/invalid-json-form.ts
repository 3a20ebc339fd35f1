import type { Instruction } from '../../../parse/dockerfile/ast.js';
import type { MappedText } from '../../../parse/dockerfile/mapped-text.js';
import { defineRule } from '../../engine/rule.js';
import { execForm, readJsonLike } from '../support/structure-json.js';

const COMMANDS = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'HEALTHCHECK']);
const FILES = new Set(['COPY', 'ADD', 'VOLUME', 'SHELL']);

const CONSEQUENCE: Record<string, string> = {
  CMD: 'it runs /bin/sh -c with the bracketed text as a command, which fails at start-up',
  ENTRYPOINT: 'it runs /bin/sh -c with the bracketed text as a command, which fails at start-up',
  RUN: 'it runs /bin/sh -c with the bracketed text as a command',
  HEALTHCHECK: 'the probe runs /bin/sh -c with the bracketed text and always fails',
  COPY: 'the brackets, quotes and commas become part of the file names',
  ADD: 'the brackets, quotes and commas become part of the file names',
  VOLUME: 'the volume paths include the brackets, quotes and commas',
  SHELL: 'SHELL only accepts JSON, so the build fails',
};

export default defineRule({
  name: 'invalid-json-form',
  meta: {
    description:
      'Arguments written as a JSON array must be valid JSON (double quotes, commas, no trailing comma), or Docker silently uses the shell form',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      invalid:
        '{{keyword}} arguments look like a JSON array but are not valid JSON ({{problems}}), so Docker treats them as shell form: {{consequence}}{{suggestion}}',
    },
    spec: '01-docker-mastery-tiers: Must Follow — Exec form for CMD/ENTRYPOINT (signal handling)',
  },
  create(context) {
    const check = (node: Instruction, reportOn: Instruction) => {
      if (node.form !== 'shell') return;
      let text: MappedText | undefined;
      if (COMMANDS.has(node.keyword)) text = 'command' in node ? node.command : undefined;
      else if (FILES.has(node.keyword)) text = node.argsText;
      if (!text) return;
      const json = readJsonLike(text.text, COMMANDS.has(node.keyword));
      if (!json) return;
      const open = text.text.indexOf('[');
      const range = text.rangeToSource(open, text.text.trimEnd().length);
      const canFix = json.quoteOnly && !json.items.some((i) => i.includes('\\'));
      const fixed = canFix ? execForm(json.items) : undefined;
      context.report({
        node: reportOn,
        range,
        messageId: 'invalid',
        data: {
          keyword: node.keyword,
          problems: json.problems.join(', '),
          consequence: CONSEQUENCE[node.keyword] ?? '',
          suggestion: fixed ? `. Write ${fixed}` : '',
        },
        ...(fixed ? { fix: { range, text: fixed } } : {}),
      });
    };
    return {
      instruction(node) {
        if (node.keyword === 'ONBUILD') {
          if (node.trigger) check(node.trigger, node);
        } else check(node, node);
      },
    };
  },
});
