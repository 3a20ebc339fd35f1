/**
 * What the final image runs: server detection for HEALTHCHECK rules (prefix `ops-`).
 */
import type { Instruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import { externalBase, lineageInstructions } from './ops-util.js';

const SERVER_PROGRAMS = new Set([
  'nginx',
  'httpd',
  'apache2',
  'apache2-foreground',
  'apachectl',
  'caddy',
  'traefik',
  'haproxy',
  'envoy',
  'gunicorn',
  'uvicorn',
  'hypercorn',
  'daphne',
  'waitress-serve',
  'granian',
  'puma',
  'unicorn',
  'thin',
  'php-fpm',
  'php-fpm8',
  'php-fpm7',
  'frankenphp',
  'redis-server',
  'mongod',
  'postgres',
  'mysqld',
  'mariadbd',
  'catalina.sh',
  'http-server',
  'serve',
  'pm2-runtime',
  'supervisord',
  'sshd',
  'grafana-server',
  'prometheus',
  'memcached',
  'rabbitmq-server',
  'kong',
  'minio',
  'vault',
  'consul',
  'nats-server',
  'elasticsearch',
]);

/** Official images that run a server by default. */
const SERVER_BASES =
  /(?:^|\/)(?:nginx|httpd|caddy|traefik|haproxy|tomcat|jetty|redis|postgres|mysql|mariadb|mongo|rabbitmq|memcached|nginxinc\/nginx-unprivileged|bitnami\/nginx)$/;

/** Words of the last CMD and ENTRYPOINT of the final image (static, lower-cased). */
function commandWords(ins: Instruction | undefined): string[] {
  if (!ins) return [];
  if (ins.form === 'json') return ins.args.map((a) => a.value.toLowerCase());
  return ins.argsText.text
    .toLowerCase()
    .split(/[\s;&|()]+/)
    .filter(Boolean);
}

/** Why the image looks long-running (a server), or undefined when it does not. */
export function longRunningEvidence(stage: Stage): { reason: string; ins?: Instruction } | undefined {
  const all = lineageInstructions(stage);
  const expose = all.find((i) => i.keyword === 'EXPOSE');
  if (expose) return { reason: 'it EXPOSEs a port', ins: expose };
  const last = (kw: string) => [...all].reverse().find((i) => i.keyword === kw);
  const cmd = last('CMD');
  const entry = last('ENTRYPOINT');
  const words = [...commandWords(entry), ...commandWords(cmd)];
  const programs = words.map((w) => w.split('/').pop() ?? w);
  const server = programs.find((p) => SERVER_PROGRAMS.has(p));
  if (server) return { reason: `it runs ${server}`, ins: entry ?? cmd };
  for (let i = 0; i < programs.length - 1; i++) {
    const [a, b] = [programs[i]!, programs[i + 1]!];
    if (['npm', 'yarn', 'pnpm', 'bun'].includes(a) && b === 'start')
      return { reason: `it runs ${a} start`, ins: entry ?? cmd };
    if (
      (a === 'rails' && (b === 'server' || b === 's')) ||
      (a === 'manage.py' && b === 'runserver') ||
      (a === 'flask' && b === 'run') ||
      (a === 'next' && b === 'start')
    ) {
      return { reason: `it runs ${a} ${b}`, ins: entry ?? cmd };
    }
  }
  if (words.some((w) => /^--(?:port|bind|listen|host)(?:=|$)/.test(w)))
    return { reason: 'its command listens on a port', ins: entry ?? cmd };
  if (!cmd && !entry) {
    const base = externalBase(stage);
    if (base && SERVER_BASES.test(base.name)) return { reason: `its base image ${base.name} runs a server` };
  }
  return undefined;
}
