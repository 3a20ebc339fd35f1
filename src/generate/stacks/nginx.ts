import type { ComposeHealthcheck } from '../model/compose.js';
import type { CopyInstr, HealthcheckInstr, Instr, RunInstr } from '../model/dockerfile.js';
import type { NginxSiteModel } from '../model/files.js';

/**
 * The unprivileged nginx that serves static files (Node SPAs and static exports, plain HTML sites): port 8080,
 * uid 101, the site config at `docker/nginx.conf`, `/healthz` answered by nginx itself and probed with BusyBox
 * `wget` (the Alpine image has it; no curl).
 */
export const NGINX_IMAGE = 'nginxinc/nginx-unprivileged:1.28-alpine';
export const NGINX_PORT = 8080;
export const NGINX_UID = '101';
export const NGINX_HEALTH_PATH = '/healthz';
export const NGINX_HTML = '/usr/share/nginx/html';
export const NGINX_CONF = '/etc/nginx/conf.d/default.conf';

/** The probe: BusyBox wget, present in the Alpine image. */
export const NGINX_PROBE: readonly string[] = [
  'wget',
  '-q',
  '--spider',
  `http://127.0.0.1:${NGINX_PORT}${NGINX_HEALTH_PATH}`,
];

export function nginxSite(options: {
  readonly spaFallback: boolean;
  readonly assetCache?: NginxSiteModel['assetCache'];
}): NginxSiteModel {
  return {
    port: NGINX_PORT,
    root: NGINX_HTML,
    spaFallback: options.spaFallback,
    healthPath: NGINX_HEALTH_PATH,
    ...(options.assetCache ? { assetCache: options.assetCache } : {}),
  };
}

/** The site config and the files into nginx's document root. */
export function nginxCopies(conf: string, site: CopyInstr): CopyInstr[] {
  return [{ kind: 'COPY', sources: [conf], dest: NGINX_CONF }, site];
}

/** USER 101 and EXPOSE 8080: nginx-unprivileged's own user owns its cache and pid paths. */
export function nginxUserAndPort(): Instr[] {
  return [
    {
      kind: 'USER',
      user: NGINX_UID,
      comment: ['nginx-unprivileged’s own user (uid 101) owns its cache and pid paths.'],
    },
    { kind: 'EXPOSE', ports: [NGINX_PORT] },
  ];
}

export function nginxHealthcheck(): { instr: HealthcheckInstr; compose: ComposeHealthcheck } {
  return {
    instr: {
      kind: 'HEALTHCHECK',
      interval: '30s',
      timeout: '5s',
      startPeriod: '20s',
      retries: 3,
      cmd: NGINX_PROBE,
      comment: ['The probe uses a binary the image ships; no curl or wget needed.'],
    },
    compose: {
      test: ['CMD', ...NGINX_PROBE],
      interval: '30s',
      timeout: '5s',
      retries: 3,
      start_period: '20s',
    },
  };
}

export const NGINX_CMD: readonly string[] = ['nginx', '-g', 'daemon off;'];

/**
 * What nginx-unprivileged writes at run time outside /tmp on a read-only root filesystem: nothing. Its image moves
 * the pid file and the client/proxy/fastcgi/uwsgi/scgi temp paths to /tmp (the `sed` lines of its Dockerfile), logs
 * go to stdout/stderr, and the entrypoint's IPv6 script leaves a read-only default.conf alone. The core mounts
 * /tmp as tmpfs at tier 3+.
 */
export const NGINX_WRITABLE_PATHS: readonly string[] = [];

/** The test stage's check for a served site: the config parses (`nginx -t`) and the site has its index page. */
export function nginxSiteCheck(): RunInstr {
  return {
    kind: 'RUN',
    commands: [
      ['nginx', '-t'],
      ['test', '-s', `${NGINX_HTML}/index.html`],
    ],
  };
}
