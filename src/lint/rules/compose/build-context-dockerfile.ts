import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { defineComposeRule } from '../../engine/compose.js';
import { dockerfilePath, fileExists, isDirectory, isRemoteContext } from '../support/compose-ops-util.js';

export default defineComposeRule<
  'contextMissing' | 'contextNotDirectory' | 'dockerfileMissing',
  Record<string, never>
>({
  name: 'build-context-dockerfile',
  meta: {
    description:
      'The `build.context` folder or its Dockerfile does not exist: `docker compose build` fails; fix the path',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      contextMissing:
        'the build context of "{{service}}" ({{path}}) does not exist: `docker compose build` fails',
      contextNotDirectory: 'the build context of "{{service}}" ({{path}}) is a file, not a folder',
      dockerfileMissing:
        'the Dockerfile of "{{service}}" ({{path}}) does not exist{{where}}: `docker compose build` fails',
    },
  },
  create(context) {
    const show = (path: string) => {
      const rel = relative(context.project.projectDir, path);
      return rel === '' ? '.' : rel.startsWith('..') ? path : `./${rel}`;
    };
    return {
      service(name, service) {
        const build = service.build;
        if (!build || typeof build.context !== 'string' || isRemoteContext(build.context)) return;
        const base = ['services', name, 'build'];
        if (!existsSync(build.context)) {
          context.report({
            path: [...base, 'context'],
            messageId: 'contextMissing',
            data: { service: name, path: show(build.context) },
          });
          return;
        }
        if (!isDirectory(build.context)) {
          context.report({
            path: [...base, 'context'],
            messageId: 'contextNotDirectory',
            data: { service: name, path: show(build.context) },
          });
          return;
        }
        const file = dockerfilePath(service);
        if (!file || fileExists(file)) return;
        // The classic builder also accepts a lower-case `dockerfile` for the default name.
        if (build.dockerfile === undefined || build.dockerfile === 'Dockerfile') {
          if (fileExists(join(dirname(file), 'dockerfile'))) return;
        }
        const at = context.locate([...base, 'dockerfile']);
        const whole = context.locate(base);
        const explicit =
          !!at && !!whole && (at.range.start !== whole.range.start || at.range.end !== whole.range.end);
        context.report({
          path: [...base, 'dockerfile'],
          messageId: 'dockerfileMissing',
          data: {
            service: name,
            path: show(file),
            where: explicit
              ? ''
              : ' (no `build.dockerfile`, so Compose looks for `Dockerfile` in the context)',
          },
        });
      },
    };
  },
});
