import { basename, relative } from 'node:path';
import { defineComposeRule } from '../../engine/compose.js';
import { dockerfileWorkdir, isDirectory, isWithin } from '../support/compose-ops-util.js';

/** Files that are dev-only by name: Compose's override file, `*.dev.yaml`, `compose-local.yml`… */
const DEV_FILE = /(?:^|[.\-_])(?:override|dev|develop|development|local|debug|test|tests|ci)\.ya?ml$/i;
const DEV_PROFILES = new Set(['dev', 'develop', 'development', 'local', 'debug', 'test', 'tests', 'testing']);
/** Folder names that hold code rather than configuration. */
const SOURCE_DIRS = new Set([
  'src',
  'source',
  'sources',
  'app',
  'apps',
  'code',
  'lib',
  'backend',
  'frontend',
  'web',
  'api',
  'server',
  'client',
]);
/** Where images conventionally keep their application code. */
const SOURCE_TARGETS = new Set([
  '/app',
  '/code',
  '/src',
  '/usr/src/app',
  '/var/www/html',
  '/var/www',
  '/srv/app',
  '/opt/app',
  '/home/node/app',
  '/workspace',
]);

export default defineComposeRule<'sourceMount', Record<string, never>>({
  name: 'source-bind-mount',
  meta: {
    description:
      'The production compose file bind-mounts the source tree into a container: it then runs the host checkout, not the built image; keep such mounts in the dev override (`compose.override.yaml`) or use `develop.watch`',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      sourceMount:
        'service "{{service}}" bind-mounts {{source}} over {{target}} ({{why}}) in {{file}}: in production the container runs the host checkout instead of the image; move this mount to compose.override.yaml or use `develop.watch`',
    },
    spec: '01-docker-mastery-tiers: Tier 2 output: docker-compose.yml plus docker-compose.override.yml for development',
  },
  create(context) {
    const projectDir = context.project.projectDir;
    return {
      service(name, service) {
        if (
          (service.profiles ?? []).length > 0 &&
          service.profiles!.every((p) => DEV_PROFILES.has(String(p).toLowerCase()))
        )
          return;
        let workdir: string | null | undefined = null;
        (service.volumes ?? []).forEach((mount, index) => {
          if (mount.type !== 'bind' || typeof mount.source !== 'string' || typeof mount.target !== 'string')
            return;
          const location = context.locate(['services', name, 'volumes', index]);
          if (!location || DEV_FILE.test(basename(location.file))) return;
          const source = mount.source;
          const target = mount.target.replace(/(.)\/+$/, '$1');
          let why: string | undefined;
          if (isWithin(projectDir, source)) {
            why = source === projectDir ? 'the whole project folder' : 'a parent of the project folder';
          } else if (isWithin(source, projectDir) && isDirectory(source)) {
            if (service.build) {
              if (workdir === null) workdir = dockerfileWorkdir(service);
              if (workdir && workdir !== '/' && isWithin(target, workdir))
                why = `the image's WORKDIR is ${workdir}`;
            }
            if (!why && SOURCE_DIRS.has(basename(source).toLowerCase())) why = 'a source folder';
            if (!why && SOURCE_TARGETS.has(target)) why = `${target} is where the application code lives`;
          }
          if (!why) return;
          const rel = relative(projectDir, source);
          context.report({
            path: ['services', name, 'volumes', index],
            messageId: 'sourceMount',
            data: {
              service: name,
              source: rel === '' ? '.' : rel.startsWith('..') ? rel : `./${rel}`,
              target,
              why,
              file: basename(location.file),
            },
          });
        });
      },
    };
  },
});
