import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import { defineComposeRule } from '../../engine/compose.js';

interface Options {
  /** Also report unquoted `host:container` entries that YAML 1.1 reads as strings (Docker recommends quoting all). */
  all: boolean;
  quoteType: 'single' | 'double';
}

/** YAML 1.1 sexagesimal integers and floats: `22:22` is 1342 to PyYAML and other YAML 1.1 parsers. */
const BASE_60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

export default defineComposeRule<'base60' | 'unquoted', Options>({
  name: 'quote-ports',
  meta: {
    description:
      'Unquoted `ports`/`expose` entries like `22:22` are base-60 numbers in YAML 1.1 (22:22 = 1342): quote port mappings',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      base60:
        'unquoted {{section}} entry {{value}} is a base-60 number for YAML 1.1 parsers ({{value}} = {{number}}): quote it',
      unquoted:
        'unquoted {{section}} entry {{value}}: quote port mappings so every YAML parser reads them as strings',
    },
    defaultOptions: { all: false, quoteType: 'double' },
    optionsSchema: {
      type: 'object',
      properties: { all: { type: 'boolean' }, quoteType: { enum: ['single', 'double'] } },
      additionalProperties: false,
    },
    sources: ['dclint:require-quotes-in-ports'],
  },
  create(context) {
    const quote = context.options.quoteType === 'single' ? "'" : '"';
    const sexagesimal = (text: string) =>
      text
        .split('.')[0]!
        .replace(/_/g, '')
        .replace(/^[-+]/, '')
        .split(':')
        .reduce((n, part) => n * 60 + Number(part), 0);
    return {
      projectExit() {
        for (const file of context.project.files) {
          const root = file.document.contents;
          if (!isMap(root)) continue;
          const services = root.get('services', true);
          if (!isMap(services)) continue;
          for (const pair of services.items) {
            const service = pair.value;
            if (!isMap(service)) continue;
            for (const section of ['ports', 'expose']) {
              const list = service.get(section, true);
              if (!isSeq(list)) continue;
              for (const item of list.items) {
                if (!isScalar(item) || !item.range) continue;
                if (item.type !== Scalar.PLAIN) continue;
                const text = file.source.text.slice(item.range[0], item.range[1]);
                const isBase60 = BASE_60.test(text) && text.includes(':');
                if (!isBase60 && !(context.options.all && text.includes(':'))) continue;
                context.report({
                  where: { file: file.path, range: { start: item.range[0], end: item.range[1] } },
                  messageId: isBase60 ? 'base60' : 'unquoted',
                  data: { section, value: text, number: isBase60 ? sexagesimal(text) : '' },
                  fix: {
                    range: { start: item.range[0], end: item.range[1] },
                    text: `${quote}${text}${quote}`,
                  },
                });
              }
            }
          }
        }
      },
    };
  },
});
