import { statSync } from 'node:fs';
import { defineComposeRule } from '../../engine/compose.js';

export default defineComposeRule({
  name: 'secrets-file-permissions',
  meta: {
    description:
      'A used `secrets:` or `configs:` entry must point at an existing file (in the hardened profile, not readable by every user) or a set variable',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      missing: '{{kind}} `{{name}}` reads `{{file}}`, which does not exist; `docker compose up` will fail',
      unsetVariable:
        'Secret `{{name}}` comes from variable `{{variable}}`, which is not set in the environment or `.env`',
      worldReadable:
        'Secret `{{name}}` file `{{file}}` is readable by every user on the host (mode {{mode}}); `chmod 600` it (or 640 for a group)',
    },
    spec: '02-production-self-check: Secrets are not baked into images or committed; they come from a secret store or runtime injection',
  },
  create(context) {
    const used = (kind: 'secrets' | 'configs') => {
      const names = new Set<string>();
      for (const service of Object.values(context.model.services)) {
        for (const ref of service[kind] ?? []) names.add(ref.source);
        const build = service.build?.secrets;
        if (kind === 'secrets' && Array.isArray(build)) {
          for (const ref of build)
            names.add(typeof ref === 'string' ? ref : String((ref as { source?: unknown }).source));
        }
      }
      return names;
    };
    return {
      projectExit() {
        for (const kind of ['secrets', 'configs'] as const) {
          const label = kind === 'secrets' ? 'Secret' : 'Config';
          const inUse = used(kind);
          for (const [name, def] of Object.entries(context.model[kind] ?? {})) {
            if (def.external === true || !inUse.has(name)) continue;
            if (typeof def.file === 'string') {
              let stats: ReturnType<typeof statSync> | undefined;
              try {
                stats = statSync(def.file);
              } catch {
                stats = undefined;
              }
              const path = [kind, name, 'file'];
              if (!stats) {
                context.report({ path, messageId: 'missing', data: { kind: label, name, file: def.file } });
              } else if (
                kind === 'secrets' &&
                context.settings.profile === 'hardened' &&
                stats.isFile() &&
                (Number(stats.mode) & 0o004) !== 0
              ) {
                context.report({
                  path,
                  messageId: 'worldReadable',
                  data: {
                    name,
                    file: def.file,
                    mode: (Number(stats.mode) & 0o777).toString(8).padStart(3, '0'),
                  },
                });
              }
            } else if (kind === 'secrets' && typeof def.environment === 'string') {
              if (context.project.environment[def.environment] === undefined) {
                context.report({
                  path: [kind, name, 'environment'],
                  messageId: 'unsetVariable',
                  data: { name, variable: def.environment },
                });
              }
            }
          }
        }
      },
    };
  },
});
