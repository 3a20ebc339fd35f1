import { isMap, isScalar } from 'yaml';
import { defineComposeRule } from '../../engine/compose.js';

export default defineComposeRule({
  name: 'no-version-field',
  meta: {
    description: 'The top-level `version` field is obsolete: Compose v2 ignores it and warns; remove it',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      obsolete: '`version: {{value}}` is obsolete and ignored by Compose v2; remove it',
    },
    sources: ['dclint:no-version-field'],
    spec: '02-production-self-check: Compose: no version: field',
  },
  create(context) {
    return {
      projectExit() {
        for (const file of context.project.files) {
          const root = file.document.contents;
          if (!isMap(root)) continue;
          for (const pair of root.items) {
            if (!isScalar(pair.key) || pair.key.value !== 'version' || !pair.key.range) continue;
            const text = file.source.text;
            const start = text.lastIndexOf('\n', pair.key.range[0] - 1) + 1;
            const valueEnd =
              (isScalar(pair.value) && pair.value.range ? pair.value.range[1] : pair.key.range[1]) ??
              pair.key.range[1];
            const lineEnd = text.indexOf('\n', valueEnd);
            const end = lineEnd < 0 ? text.length : lineEnd + 1;
            const location = { start: pair.key.range[0], end: pair.key.range[1] };
            const value = isScalar(pair.value) ? String(pair.value.value) : '…';
            // The model drops `version`, so point at the key in this file directly.
            context.report({
              where: { file: file.path, range: location },
              messageId: 'obsolete',
              data: { value: JSON.stringify(value) },
              fix: { range: { start, end }, text: '' },
            });
          }
        }
      },
    };
  },
});
