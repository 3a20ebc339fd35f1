import type { Range } from '../../../core/source.js';
import type { Instruction } from '../../../parse/dockerfile/ast.js';
import { parseShell, type ShellScript } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf, externalBase, lineageInstructions } from '../support/ops-util.js';

const CONSOLE =
  /^(?:\/dev\/(?:stdout|stderr|null|tty|console)|\/proc\/(?:self|1)\/fd\/[12]|-|off|stdout|stderr|syslog:.*)$/;
const LOG_FLAGS = new Set([
  '--log-file',
  '--logfile',
  '--log-path',
  '--logpath',
  '--access-logfile',
  '--error-logfile',
  '--access-log',
  '--error-log',
  '--log-filename',
  '--log_file',
  '--log-dir',
  '--logdir',
]);

/** A path that is a log file: under a log directory or named like one. */
function looksLikeLog(path: string): boolean {
  if (CONSOLE.test(path)) return false;
  const base = path.split('/').pop() ?? path;
  return /(^|\/)logs?\//.test(path) || /\.(log|out|err)$/.test(base) || /log/i.test(base);
}

export default defineRule({
  name: 'log-to-file',
  meta: {
    description:
      'The container writes its logs to a file inside the image instead of stdout/stderr, hiding them from `docker logs`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      redirect:
        'Output is redirected to {{path}}: containers should log to stdout/stderr so `docker logs` and log drivers see it',
      flag: '{{flag}} {{path}} writes logs to a file in the container; log to stdout/stderr instead ({{flag}} - or /dev/stdout)',
      nginx:
        '{{directive}} {{path}} writes to a file in the container; use /dev/stdout (or link {{path}} to /dev/stdout as the official nginx image does)',
    },
    spec: '01-docker-mastery-tiers: Logging to stdout/stderr',
  },
  create(context) {
    const fromScript = (node: Instruction, script: ShellScript, whole?: Range): void => {
      for (const cmd of script.commands()) {
        for (const r of cmd.node.redirects) {
          if (!['>', '>>', '&>', '&>>', '>|'].includes(r.op)) continue;
          const path = r.target.value;
          if (!path || !looksLikeLog(path)) continue;
          context.report({
            node,
            range: whole ?? script.sourceRange(r.range),
            messageId: 'redirect',
            data: { path },
          });
          return;
        }
      }
    };
    const fromWords = (node: Instruction, words: { value: string; range: Range }[]): void => {
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!.value;
        const eq = w.indexOf('=');
        const flag = eq > 0 ? w.slice(0, eq) : w;
        if (!LOG_FLAGS.has(flag)) continue;
        const value = eq > 0 ? w.slice(eq + 1) : words[i + 1]?.value;
        if (value === undefined || CONSOLE.test(value) || value.startsWith('$')) continue;
        if (flag.endsWith('dir')) continue;
        context.report({ node, range: words[i]!.range, messageId: 'flag', data: { flag, path: value } });
        return;
      }
    };
    const command = (node: Instruction): void => {
      const script = context.shellOf(node);
      if (script) {
        fromScript(node, script);
        for (const cmd of script.commands()) {
          fromWords(
            node,
            cmd.words
              .filter((w) => w.value !== undefined)
              .map((w) => ({ value: w.value!, range: script.sourceRange(w.range) })),
          );
        }
        return;
      }
      if (node.form !== 'json') return;
      const args = node.args;
      const shell = args[0]?.value.split('/').pop() ?? '';
      const c = args.findIndex((a) => a.value === '-c');
      if (['sh', 'bash', 'ash', 'dash'].includes(shell) && c > 0 && args[c + 1]) {
        fromScript(node, parseShell(args[c + 1]!.value), args[c + 1]!.range);
      }
      fromWords(
        node,
        args.map((a) => ({ value: a.value, range: a.range })),
      );
    };
    return {
      CMD: (node, stage) => {
        if (context.isFinalStage(stage)) command(node);
      },
      ENTRYPOINT: (node, stage) => {
        if (context.isFinalStage(stage)) command(node);
      },
      fileExit() {
        const stage = context.finalStage;
        if (!stage) return;
        const all = lineageInstructions(stage);
        const base = externalBase(stage);
        const officialNginx = !!base && /(^|\/)nginx(-unprivileged)?$/.test(base.name);
        const linked = new Set<string>();
        for (const ins of all) {
          if (ins.keyword !== 'RUN') continue;
          for (const { cmd } of commandsOf(context, ins)) {
            if (!cmd.is('ln')) continue;
            const pos = cmd.positionalArgs().map((w) => w.value ?? '');
            if (pos.length >= 2 && /^\/dev\/std(out|err)$/.test(pos[0]!)) linked.add(pos[pos.length - 1]!);
          }
        }
        for (const ins of all) {
          if (ins.keyword !== 'RUN' && ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
          const texts = [
            ...(ins.keyword === 'RUN' && ins.command ? [ins.command] : []),
            ...ins.heredocs.map((h) => h.body),
          ];
          for (const t of texts) {
            const re = /\b(access_log|error_log)\s+([^\s;'"]+)/g;
            for (let m = re.exec(t.text); m; m = re.exec(t.text)) {
              const path = m[2]!;
              if (!path.startsWith('/') || CONSOLE.test(path) || linked.has(path)) continue;
              if (officialNginx && /^\/var\/log\/nginx\/(access|error)\.log$/.test(path)) continue;
              const start = t.toSource(m.index);
              context.report({
                node: ins,
                range: { start, end: t.toSource(m.index + m[0].length - 1) + 1 },
                messageId: 'nginx',
                data: { directive: m[1]!, path },
              });
            }
          }
        }
      },
    };
  },
});
