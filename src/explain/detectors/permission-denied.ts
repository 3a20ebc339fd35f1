import type { Instruction } from '../../parse/dockerfile/index.js';
import {
  composeLocation,
  finalStage,
  instructionLocation,
  primaryDockerfile,
  resolveService,
} from '../project.js';
import type { Detector, Finding, LogLine, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { finding, get, jsonLine, rangesOf } from '../util.js';

const READ_ONLY = /Read-only file system|EROFS/;
const PRIVILEGED_PORT =
  /bind\(\) to \S+:(\d+) failed \(13: Permission denied\)|listen (?:tcp|EACCES)[^\n]*:(\d+)[^\n]*(?:permission denied|EACCES)|EACCES: permission denied[^\n]*:(\d+)\b/i;
const DENIED = [
  /EACCES: permission denied,? (?:\w+ )?'([^']+)'/,
  /PermissionError: \[Errno 13\] Permission denied: '([^']+)'/,
  /(?:cannot|can't|could not|unable to) (?:create|open|write|remove|mkdir|touch|access)[^:'"]*['"]?([/\w.-]+)['"]?:? .*Permission denied/i,
  /open\(\) "([^"]+)" failed \(13: Permission denied\)/,
  /([/][\w./-]+): Permission denied/,
  /[Pp]ermission denied/,
];

export const permissionDenied: Detector = {
  situation: 'permission-denied',
  title: 'Permission denied at runtime',
  docs: 'https://docs.docker.com/reference/dockerfile/#user',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const runtime = log.lines.filter((l) => !l.redraw && !l.step);
    const df = primaryDockerfile(project);
    const stage = df ? finalStage(df) : [];
    const user = stage.filter((i) => i.keyword === 'USER').at(-1);
    const userLoc: ProjectLocation[] = df && user ? [instructionLocation(df, user)] : [];

    const ro = runtime.find((l) => READ_ONLY.test(l.body));
    const roInspect = (log.inspect ?? []).some((o) => get(o, 'HostConfig', 'ReadonlyRootfs') === true);
    if (ro || roInspect) {
      const svc = resolveService(project, ro?.service);
      const loc = svc ? composeLocation(project, ['services', svc, 'read_only']) : undefined;
      const p = ro
        ? (/'(\/[^']+)'|"(\/[^"]+)"/.exec(ro.body)?.slice(1).find(Boolean) ??
          /(?:^|\s)(\/[\w.-]+\/[\w./-]*)/.exec(ro.body)?.[1])
        : undefined;
      return [
        finding(this, {
          cause: 'read-only-rootfs',
          title: `Write to a read-only root filesystem${p ? ` (${p})` : ''}`,
          confidence: 'high',
          evidence: rangesOf([ro, roInspect ? jsonLine(log, 'ReadonlyRootfs', true) : undefined]),
          fix: `The container runs with a read-only root filesystem (\`read_only: true\` / \`--read-only\`), which is right for production. Give the paths the app writes a tmpfs or a volume${p ? ` (e.g. \`tmpfs: ["${p.split('/').slice(0, 3).join('/') || '/tmp'}"]\`)` : ' (`tmpfs: ["/tmp", "/var/run"]`)'} instead of dropping read_only.`,
          service: svc,
          locations: loc ? [loc] : [],
          details: p ? { path: p } : {},
        }),
      ];
    }

    const priv = runtime.find((l) => PRIVILEGED_PORT.test(l.body));
    if (priv) {
      const m = PRIVILEGED_PORT.exec(priv.body)!;
      const port = m[1] ?? m[2] ?? m[3];
      if (port && Number(port) < 1024) {
        return [
          finding(this, {
            cause: 'privileged-port',
            title: `A non-root process cannot listen on port ${port}`,
            confidence: 'high',
            evidence: rangesOf([priv]),
            fix: `Ports below 1024 need root (or CAP_NET_BIND_SERVICE). Keep the non-root USER and listen on a high port inside the container (e.g. 8080), publishing it as \`-p ${port}:8080\` / \`ports: ["${port}:8080"]\`; for nginx use nginxinc/nginx-unprivileged.`,
            service: resolveService(project, priv.service),
            locations: userLoc,
            details: { port: Number(port) },
          }),
        ];
      }
    }

    let hit: { line: LogLine; path?: string } | undefined;
    for (const line of runtime) {
      for (const re of DENIED) {
        const m = re.exec(line.body);
        if (m) {
          hit = { line, ...(m[1] ? { path: m[1] } : {}) };
          break;
        }
      }
      if (hit) break;
    }
    if (!hit) return [];
    const locations = [...userLoc];
    // A COPY without --chown into the denied path's tree is the usual culprit.
    if (df && hit.path) {
      const copies = stage.filter(
        (i): i is Instruction =>
          (i.keyword === 'COPY' || i.keyword === 'ADD') &&
          !i.flags.some((f) => f.name === 'chown' || f.name === 'from'),
      );
      const into = copies.find((c) => {
        const dest = c.args.at(-1)?.value ?? '';
        return dest.startsWith('/')
          ? hit.path!.startsWith(dest.replace(/\/$/, ''))
          : dest === '.' || dest === './';
      });
      if (into) locations.push(instructionLocation(df, into));
    }
    const svc = resolveService(project, hit.line.service);
    const userName = user?.args[0]?.value;
    return [
      finding(this, {
        cause: 'user-vs-ownership',
        title: `Permission denied${hit.path ? ` on ${hit.path}` : ''}${userName ? ` (running as ${userName})` : ''}`,
        confidence: hit.path ? 'high' : 'medium',
        evidence: rangesOf([hit.line]),
        fix: `The process's user cannot write there: the files belong to root because they were COPYed or created before \`USER\`, or a volume/bind mount is owned by another uid. Give the runtime user the paths it writes (\`COPY --chown=app:app …\`, or \`RUN mkdir -p /app/data && chown app:app /app/data\` before \`USER app\`), match the uid of bind mounts (\`user: "\${UID}:\${GID}"\`), and keep the app's code read-only. Do not switch back to root.`,
        service: svc,
        locations,
        details: { ...(hit.path ? { path: hit.path } : {}), ...(userName ? { user: userName } : {}) },
      }),
    ];
  },
};
