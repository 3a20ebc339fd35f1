import type { TextEdit } from '../../../core/diagnostic.js';
import { defineComposeRule } from '../../engine/compose.js';
import { healthSource, parseDuration } from '../support/compose-ops-util.js';

const SHELL_OPERATORS = new Set([
  '||',
  '&&',
  '|',
  ';',
  '>',
  '>>',
  '<',
  '2>&1',
  '&>',
  '>/dev/null',
  '2>/dev/null',
]);

export default defineComposeRule<
  | 'noTest'
  | 'emptyCommand'
  | 'unknownKind'
  | 'commandInOneString'
  | 'shellSyntaxInExec'
  | 'disabledWithTest'
  | 'timeoutNotBelowInterval'
  | 'retriesZero',
  Record<string, never>
>({
  name: 'healthcheck-test',
  meta: {
    description:
      'A healthcheck whose `test` cannot work as written (empty, a whole command line as one CMD argument, shell syntax in exec form, disabled) or whose timings contradict each other',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      noTest:
        'the healthcheck of "{{service}}" has no `test`: it only tunes the image\'s own HEALTHCHECK, and {{image}} is not known to define one, so no check may run',
      emptyCommand:
        'the healthcheck test of "{{service}}" is `{{kind}}` with no command: Docker rejects it or the check always fails',
      unknownKind:
        'the healthcheck test of "{{service}}" starts with "{{kind}}": it must start with CMD, CMD-SHELL or NONE (or be a string, run by the shell)',
      commandInOneString:
        'the healthcheck test of "{{service}}" runs a program literally named "{{command}}": with CMD every argument is a separate list item; use CMD-SHELL for a command line',
      shellSyntaxInExec:
        'the healthcheck test of "{{service}}" uses CMD (no shell), so "{{word}}" is passed as an argument instead of being interpreted: use CMD-SHELL',
      disabledWithTest:
        'the healthcheck of "{{service}}" sets `disable: true`, so its `test` never runs: remove one of them',
      timeoutNotBelowInterval:
        'the healthcheck timeout of "{{service}}" ({{timeout}}) is not shorter than its interval ({{interval}}): a hanging check delays the next one; keep the timeout well below the interval',
      retriesZero:
        'the healthcheck of "{{service}}" sets `retries: 0`, which Docker treats as "use the default" (3), not "fail at once"',
    },
    spec: '01-docker-mastery-tiers: Tier 2 checklist: Health checks on all services',
  },
  create(context) {
    const fixKind = (base: (string | number)[]): { fix?: TextEdit } => {
      const at = context.locate([...base, 'test', 0]);
      const whole = context.locate([...base, 'test']);
      if (!at || !whole || (at.range.start === whole.range.start && at.range.end === whole.range.end))
        return {};
      const text = at.source.text.slice(at.range.start, at.range.end);
      const inner = text.indexOf('CMD');
      if (!/^["']?CMD["']?$/.test(text) || inner < 0) return {};
      return {
        fix: { range: { start: at.range.start + inner, end: at.range.start + inner + 3 }, text: 'CMD-SHELL' },
      };
    };
    return {
      service(name, service) {
        const hc = service.healthcheck;
        if (!hc) return;
        const base = ['services', name, 'healthcheck'];
        const test = Array.isArray(hc.test) ? hc.test.map(String) : undefined;
        if (hc.disable === true) {
          if (test && test.length > 0 && test[0]!.toUpperCase() !== 'NONE') {
            context.report({
              path: [...base, 'disable'],
              messageId: 'disabledWithTest',
              data: { service: name },
            });
          }
          return;
        }
        if (!test || test.length === 0) {
          if (
            healthSource({ ...service, healthcheck: undefined }) === undefined &&
            service.image &&
            !service.build
          ) {
            context.report({
              path: base,
              at: 'key',
              messageId: 'noTest',
              data: { service: name, image: service.image },
              hint: 'Add test: ["CMD", "<program>", "<arg>"…] or test: "<shell command>".',
            });
          }
        } else {
          const kind = test[0]!;
          const args = test.slice(1);
          const upper = kind.toUpperCase();
          if (upper === 'NONE') return;
          if (upper !== 'CMD' && upper !== 'CMD-SHELL') {
            context.report({
              path: [...base, 'test', 0],
              messageId: 'unknownKind',
              data: { service: name, kind },
            });
          } else if (args.every((a) => a.trim() === '')) {
            context.report({
              path: [...base, 'test'],
              messageId: 'emptyCommand',
              data: { service: name, kind },
            });
          } else if (upper === 'CMD' && args.length === 1 && /\s/.test(args[0]!.trim())) {
            context.report({
              path: [...base, 'test', 1],
              messageId: 'commandInOneString',
              data: { service: name, command: args[0]! },
              ...fixKind(base),
            });
          } else if (upper === 'CMD') {
            const word = args.find(
              (a) => SHELL_OPERATORS.has(a) || /^\$[{(A-Za-z_]/.test(a) || /\$\(/.test(a),
            );
            if (word !== undefined) {
              const index = test.indexOf(word);
              context.report({
                path: [...base, 'test', index],
                messageId: 'shellSyntaxInExec',
                data: { service: name, word },
                hint: `Write it as one shell command: test: ["CMD-SHELL", ${JSON.stringify(args.join(' '))}]`,
              });
            }
          }
        }
        const interval = parseDuration(hc.interval);
        const timeout = parseDuration(hc.timeout);
        if (
          interval !== undefined &&
          timeout !== undefined &&
          interval > 0 &&
          timeout > 0 &&
          timeout >= interval
        ) {
          context.report({
            path: [...base, 'timeout'],
            messageId: 'timeoutNotBelowInterval',
            data: { service: name, timeout: hc.timeout!, interval: hc.interval! },
          });
        }
        if (hc.retries === 0) {
          context.report({ path: [...base, 'retries'], messageId: 'retriesZero', data: { service: name } });
        }
      },
    };
  },
});
