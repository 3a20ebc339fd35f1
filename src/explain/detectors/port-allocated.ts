import { composeLocation, resolveService } from '../project.js';
import type { Detector, Finding, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { finding, rangesOf } from '../util.js';

const HOST = [
  /Bind for (\S+?):(\d+) failed: port is already allocated/,
  /(?:Error starting userland proxy|rootlessport|ports are not available)[^\n]*?(?:listen tcp[46]? |exposing port TCP )(\S*?):(\d+)[^\n]*?(?:address already in use|bind)/,
  /listen tcp[46]? (\S*?):(\d+): bind: address already in use/,
];
const APP = /(?:EADDRINUSE|Address already in use|address already in use)[^\n]*?:(\d+)/;

export const portAllocated: Detector = {
  situation: 'port-allocated',
  title: 'Port already allocated',
  docs: 'https://docs.docker.com/reference/compose-file/services/#ports',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    for (const line of log.lines) {
      if (line.redraw) continue;
      for (const re of HOST) {
        const m = re.exec(line.body);
        if (!m) continue;
        const port = Number(m[2]);
        const container = /endpoint (\S+)/.exec(line.body)?.[1] ?? /Container (\S+)/.exec(line.body)?.[1];
        const locations: ProjectLocation[] = [];
        let service = resolveService(project, container);
        const services = project?.compose?.project.model.services ?? {};
        if (service !== undefined && !(service in services) && project?.compose) service = undefined;
        for (const [name, svc] of Object.entries(services)) {
          (svc.ports ?? []).forEach((p, i) => {
            if (String(p.published ?? '').split('-')[0] === String(port)) {
              const loc = composeLocation(project, ['services', name, 'ports', i]);
              if (loc) locations.push(loc);
              service ??= name;
            }
          });
        }
        return [
          finding(this, {
            cause: 'host-port-taken',
            title: `Host port ${port} is already in use`,
            confidence: 'high',
            evidence: rangesOf([line]),
            fix: `Another container or a host process already listens on ${m[1] && m[1] !== '0.0.0.0' ? `${m[1]}:` : ''}${port}. Find it (\`docker ps --filter publish=${port}\`, \`ss -ltnp 'sport = :${port}'\`) and stop it, or publish this service on another host port (\`"${port + 1}:<container port>"\`, or make it configurable: \`"\${APP_PORT:-${port}}:<container port>"\`). The container port can stay.`,
            service,
            locations,
            details: { port },
          }),
        ];
      }
    }
    const app = log.lines.find((l) => !l.redraw && APP.test(l.body));
    if (!app) return [];
    const port = Number(APP.exec(app.body)![1]);
    return [
      finding(this, {
        cause: 'app-port-in-use',
        title: `Inside the container, port ${port} is already in use`,
        confidence: 'medium',
        evidence: rangesOf([app]),
        fix: `The app tried to listen on ${port} twice (two server instances in one process, a cluster/worker set-up binding the same port, or network_mode: host/service sharing with another container using ${port}). Start one listener, or give each container in a shared network namespace its own port.`,
        service: resolveService(project, app.service),
        details: { port },
      }),
    ];
  },
};
