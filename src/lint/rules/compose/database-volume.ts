import type { VolumeMount } from '../../../parse/compose/model.js';
import { defineComposeRule } from '../../engine/compose.js';
import { databaseOf, isWithin, oneShotReason } from '../support/compose-ops-util.js';

interface Options {
  /** Also report data paths on bind mounts (ownership and permissions become the host's problem). */
  bindMounts: boolean;
}

/** `redis-server --save "" ` without `--appendonly yes`: a cache that persists nothing on purpose. */
function redisWithoutPersistence(command: readonly string[] | null | undefined): boolean {
  if (!Array.isArray(command)) return false;
  const save = command.indexOf('--save');
  const noSave =
    save >= 0 && (command[save + 1] === '' || command[save + 1] === '""' || command[save + 1] === "''");
  const aof = command.indexOf('--appendonly');
  return noSave && !(aof >= 0 && command[aof + 1] === 'yes');
}

/** `minio server /data1 /data2 --console-address :9001` → the data folders. */
function minioPaths(command: readonly string[] | null | undefined): string[] | undefined {
  if (!Array.isArray(command)) return undefined;
  const at = command.indexOf('server');
  if (at < 0) return undefined;
  const paths: string[] = [];
  for (let i = at + 1; i < command.length; i++) {
    const word = command[i]!;
    if (word.startsWith('--')) {
      if (!word.includes('=')) i++;
      continue;
    }
    if (word.startsWith('/')) paths.push(word.replace(/\{\d+\.\.\.\d+\}.*$/, '').replace(/(.)\/$/, '$1'));
  }
  return paths.length > 0 ? paths : undefined;
}

export default defineComposeRule<'noVolume' | 'anonymous' | 'tmpfs' | 'bindMount', Options>({
  name: 'database-volume',
  meta: {
    description:
      'A database or cache keeps its data outside a named volume (no volume, an anonymous volume or tmpfs): the data is orphaned on `docker compose down` and lost on `down -v` or prune; mount a named volume at its data path',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      noVolume:
        '{{kind}} service "{{service}}" has no volume at {{path}}: its data lives in an anonymous volume (or the container layer) that is orphaned on `docker compose down` and deleted by `down -v` or `volume prune`; mount a named volume there',
      anonymous:
        '{{kind}} service "{{service}}" keeps {{path}} on an anonymous volume: a new, empty one is created after `docker compose down`; give it a name (`{{service}}-data:{{path}}`) and declare it under `volumes:`',
      tmpfs:
        '{{kind}} service "{{service}}" keeps {{path}} on tmpfs: every restart starts from an empty database',
      bindMount:
        '{{kind}} service "{{service}}" keeps {{path}} on a bind mount ({{source}}): the host folder must be owned by the database user of the image, and it is missing from `docker volume` tooling and backups; prefer a named volume',
    },
    defaultOptions: { bindMounts: false },
    optionsSchema: {
      type: 'object',
      properties: { bindMounts: { type: 'boolean' } },
      additionalProperties: false,
    },
    spec: '01-docker-mastery-tiers: Tier 2 output: named volumes for persistence',
  },
  create(context) {
    return {
      service(name, service) {
        const db = databaseOf(service);
        if (!db) return;
        // A database image running a one-shot client job (mysqldump, psql -f …) keeps no data.
        if (oneShotReason(name, service, context.model.services)) return;
        if (db.kind === 'Redis' && redisWithoutPersistence(service.command)) return;
        let paths = [...db.paths];
        if (
          db.kind === 'PostgreSQL' &&
          typeof service.environment?.PGDATA === 'string' &&
          service.environment.PGDATA.startsWith('/')
        ) {
          paths = [service.environment.PGDATA, ...paths];
        }
        if (db.kind === 'MinIO') paths = minioPaths(service.command) ?? paths;
        const bitnami = paths.length === 1 && paths[0] === '/bitnami';
        const mounts = service.volumes ?? [];
        const covers = (m: VolumeMount) =>
          typeof m.target === 'string' &&
          paths.some((p) => isWithin(p, m.target) || (bitnami && isWithin(m.target, p)));
        const index = mounts.findIndex(covers);
        const tmpfs = (Array.isArray(service.tmpfs) ? service.tmpfs.map(String) : []).find((t) =>
          paths.some((p) => isWithin(p, t.split(':')[0]!)),
        );
        const data = { kind: db.kind, service: name, path: paths[0]! };
        if (index < 0) {
          if (tmpfs !== undefined) {
            context.report({ path: ['services', name, 'tmpfs'], messageId: 'tmpfs', data });
            return;
          }
          context.report({ path: ['services', name], at: 'key', messageId: 'noVolume', data });
          return;
        }
        const mount = mounts[index]!;
        const path = ['services', name, 'volumes', index];
        const at = { ...data, path: mount.target };
        if (mount.type === 'volume' && !mount.source)
          context.report({ path, messageId: 'anonymous', data: at });
        else if (mount.type === 'tmpfs') context.report({ path, messageId: 'tmpfs', data: at });
        else if (mount.type === 'bind' && context.options.bindMounts) {
          context.report({ path, messageId: 'bindMount', data: { ...at, source: String(mount.source) } });
        }
      },
    };
  },
});
