import type { TextEdit } from '../../../core/diagnostic.js';
import type { ComposeService } from '../../../parse/compose/model.js';
import { defineComposeRule } from '../../engine/compose.js';
import {
  type HealthSource,
  healthSource,
  isScalar,
  isSeq,
  nodeAtRange,
} from '../support/compose-ops-util.js';

interface Options {
  /** Extra images (path without registry, e.g. `myorg/api`) known to define a HEALTHCHECK. */
  imagesWithHealthcheck: string[];
}

function describe(source: HealthSource): string {
  switch (source.kind) {
    case 'compose':
      return 'a healthcheck';
    case 'dockerfile':
      return `a HEALTHCHECK in its ${source.file}`;
    case 'image':
      return `a HEALTHCHECK in its image ${source.image}`;
    default:
      return 'a healthcheck';
  }
}

export default defineComposeRule<'useHealthy' | 'noHealthcheck' | 'healthcheckDisabled', Options>({
  name: 'depends-on-healthy',
  meta: {
    description:
      '`depends_on` only orders container starts: wait for dependencies that have a healthcheck with `condition: service_healthy`, and never wait for health on one that has none',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      useHealthy:
        '"{{service}}" starts as soon as "{{dependency}}" is started, not when it is ready; "{{dependency}}" has {{source}}, so use `condition: service_healthy`',
      noHealthcheck:
        '"{{service}}" waits for "{{dependency}}" to be healthy, but "{{dependency}}" has no healthcheck (and its image is not known to define one): `docker compose up` fails with "dependency has no healthcheck"',
      healthcheckDisabled:
        '"{{service}}" waits for "{{dependency}}" to be healthy, but its healthcheck is switched off ({{how}}): `docker compose up` fails',
    },
    defaultOptions: { imagesWithHealthcheck: [] },
    optionsSchema: {
      type: 'object',
      properties: { imagesWithHealthcheck: { type: 'array', items: { type: 'string' } } },
      additionalProperties: false,
    },
    spec: '02-production-self-check: Compose: depends_on uses condition: service_healthy, not bare ordering',
  },
  create(context) {
    const extra = context.options.imagesWithHealthcheck ?? [];
    const services = context.model.services;
    const sources = new Map<string, HealthSource | undefined>();
    const sourceOf = (name: string, svc: ComposeService) => {
      if (!sources.has(name)) sources.set(name, healthSource(svc, extra));
      return sources.get(name);
    };

    /** Rewrite a short-form `depends_on: [a, b]` to the long form, `service_healthy` where it helps. */
    const shortFormFix = (name: string, healthy: ReadonlySet<string>): TextEdit | undefined => {
      const deps = services[name]!.depends_on ?? {};
      const location = context.locate(['services', name, 'depends_on']);
      if (!location) return undefined;
      const node = nodeAtRange(context.project, location.file, location.range);
      if (!isSeq(node) || !node.range) return undefined;
      const names: string[] = [];
      for (const item of node.items) {
        if (!isScalar(item) || typeof item.value !== 'string' || item.comment || item.commentBefore)
          return undefined;
        names.push(item.value);
      }
      const written = new Set(names);
      if (written.size !== Object.keys(deps).length || !Object.keys(deps).every((d) => written.has(d)))
        return undefined;
      for (const d of names) {
        const cfg = deps[d]!;
        if (cfg.condition !== 'service_started' || cfg.required !== true || cfg.restart !== undefined)
          return undefined;
        if (Object.keys(cfg).some((k) => !['condition', 'required'].includes(k))) return undefined;
      }
      const text = location.source.text;
      const start = node.range[0];
      const last = node.items.at(-1);
      const end = node.flow ? node.range[1] : isScalar(last) && last.range ? last.range[1] : node.range[1];
      if (text.slice(start, end).includes('#')) return undefined;
      const condition = (d: string) => (healthy.has(d) ? 'service_healthy' : 'service_started');
      if (node.flow) {
        const body = names.map((d) => `${d}: { condition: ${condition(d)} }`).join(', ');
        return { range: { start, end }, text: `{ ${body} }` };
      }
      // Block sequence: rewrite whole lines at an indentation deeper than the `depends_on` key.
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      if (text.slice(lineStart, start).trim() !== '') return undefined;
      const keyStart = location.keyRange?.start;
      const keyIndent = keyStart === undefined ? 0 : keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
      const indent = ' '.repeat(Math.max(start - lineStart, keyIndent + 2));
      const lines = names.flatMap((d) => [`${indent}${d}:`, `${indent}  condition: ${condition(d)}`]);
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      return { range: { start: lineStart, end }, text: lines.join(eol) };
    };

    return {
      service(name, service) {
        const deps = service.depends_on;
        if (!deps) return;
        const pending: { dependency: string; source: HealthSource; short: boolean }[] = [];
        for (const [dependency, cfg] of Object.entries(deps)) {
          const dep = services[dependency];
          if (!dep || dependency === name) continue;
          const source = sourceOf(dependency, dep);
          if (cfg.condition === 'service_healthy') {
            if (source?.kind === 'disabled') {
              context.report({
                path: ['services', name, 'depends_on', dependency, 'condition'],
                messageId: 'healthcheckDisabled',
                data: { service: name, dependency, how: source.how },
              });
            } else if (!source && !dep.healthcheck) {
              context.report({
                path: ['services', name, 'depends_on', dependency, 'condition'],
                messageId: 'noHealthcheck',
                data: { service: name, dependency },
                hint: `Add a healthcheck to "${dependency}", or use condition: service_started.`,
              });
            }
            continue;
          }
          if (cfg.condition !== 'service_started' || !source || source.kind === 'disabled') continue;
          const conditionAt = context.locate(['services', name, 'depends_on', dependency, 'condition']);
          const depAt = context.locate(['services', name, 'depends_on', dependency]);
          const short =
            !conditionAt ||
            (conditionAt.range.start === depAt?.range.start && conditionAt.range.end === depAt.range.end);
          pending.push({ dependency, source, short });
        }
        const healthy = new Set(pending.map((p) => p.dependency));
        let shortFixGiven = false;
        for (const { dependency, source, short } of pending) {
          let fix: TextEdit | undefined;
          if (!short) {
            const at = context.locate(['services', name, 'depends_on', dependency, 'condition']);
            if (at && at.source.text.slice(at.range.start, at.range.end) === 'service_started') {
              fix = { range: at.range, text: 'service_healthy' };
            }
          } else if (!shortFixGiven) {
            fix = shortFormFix(name, healthy);
            shortFixGiven = true;
          }
          context.report({
            path: ['services', name, 'depends_on', dependency, ...(short ? [] : ['condition'])],
            messageId: 'useHealthy',
            data: { service: name, dependency, source: describe(source) },
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
});
