import type { CmdInstruction, EntrypointInstruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import { defineRule } from '../../engine/rule.js';
import { execForm, literalWords, readJsonLike } from '../support/structure-json.js';
import { instructionsBefore } from '../support/structure-util.js';

export default defineRule({
  name: 'json-args-recommended',
  meta: {
    description: 'Use the JSON (exec) form for CMD and ENTRYPOINT so the app is PID 1 and receives signals',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      cmd: 'CMD in shell form runs under /bin/sh -c: the shell is PID 1, so SIGTERM never reaches the app (slow, unclean stops); use the JSON form{{suggestion}}',
      entrypoint:
        'ENTRYPOINT in shell form runs under /bin/sh -c: SIGTERM never reaches the app and CMD / docker run arguments are ignored; use the JSON form{{suggestion}}',
    },
    sources: ['hadolint:DL3025', 'buildkit:JSONArgsRecommended'],
    spec: '02-production-self-check: CMD uses exec form (JSON array), not shell form: CMD ["node", "app.js"] not CMD node app.js',
  },
  create(context) {
    const check = (node: CmdInstruction | EntrypointInstruction, stage: Stage | undefined) => {
      if (node.form !== 'shell' || !node.command || node.command.text.trim() === '') return;
      // Looks like JSON but is not: that is invalid-json-form's finding.
      if (readJsonLike(node.command.text, true)) return;
      // As BuildKit: an explicit SHELL in the stage (or a stage it builds on) means the shell form is deliberate.
      if (instructionsBefore(stage, node).some((i) => i.keyword === 'SHELL')) return;
      const cmd = node.command;
      const range = cmd.rangeToSource(0, cmd.text.length);
      const words = node.heredocs.length === 0 ? literalWords(cmd.text) : undefined;
      const exec = words ? execForm(words) : undefined;
      context.report({
        node,
        range,
        messageId: node.keyword === 'CMD' ? 'cmd' : 'entrypoint',
        data: { suggestion: exec ? `: ${node.keyword} ${exec}` : '' },
        ...(exec ? { fix: { range, text: exec } } : {}),
      });
    };
    return { CMD: check, ENTRYPOINT: check };
  },
});
