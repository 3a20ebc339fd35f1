import { closestMatch } from '../../core/suggest.js';
import { composeLocation, locateStep, resolveService } from '../project.js';
import type { Detector, Finding, LogLine, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { finding, rangesOf } from '../util.js';

const LOOKUP: readonly RegExp[] = [
  /getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)/,
  /could not translate host name "([^"]+)" to address/,
  /lookup ([\w.-]+)(?: on [\d.:[\]]+)?: (?:no such host|server misbehaving|i\/o timeout|Temporary failure)/,
  /Temporary failure resolving '([^']+)'/,
  /Could not resolve host: ([\w.-]+)/,
  /UnknownHostException: ([\w.-]+)/,
  /([\w.-]+): (?:Name or service not known|Temporary failure in name resolution|nodename nor servname provided)/,
  /failed to resolve host(?:name)? '?([\w.-]+)'?/i,
  /Name or service not known.*?host[= ]'?([\w.-]+)/,
];
const LOCALHOST_REFUSED =
  /(?:ECONNREFUSED|Connection refused|connection refused|connect: connection refused)[^\n]*?(?:127\.0\.0\.1|localhost|\[?::1\]?)(?::(\d+))?|(?:127\.0\.0\.1|localhost|\[?::1\]?):(\d+)[^\n]*?(?:ECONNREFUSED|[Cc]onnection refused)|connection to server at "localhost"[^\n]*?port (\d+) failed/;
/** Registry hosts: their failures are pull failures, not service networking. */
const REGISTRY =
  /(?:^|\.)(?:docker\.io|docker\.com|ghcr\.io|quay\.io|gcr\.io|pkg\.dev|amazonaws\.com|azurecr\.io)$|^registry/;

function envLocation(
  project: ProjectInfo | undefined,
  service: string | undefined,
  needle: RegExp,
): ProjectLocation | undefined {
  const svc = service ? project?.compose?.project.model.services[service] : undefined;
  if (!svc?.environment) return undefined;
  for (const [k, v] of Object.entries(svc.environment)) {
    if (v && needle.test(v)) return composeLocation(project, ['services', service!, 'environment', k]);
  }
  return undefined;
}

function networksOf(project: ProjectInfo, service: string): string[] {
  const svc = project.compose!.project.model.services[service];
  if (!svc) return [];
  if (svc.network_mode) return [`mode:${svc.network_mode}`];
  const nets = Object.keys(svc.networks ?? {});
  return nets.length ? nets : ['default'];
}

export const serviceNetwork: Detector = {
  situation: 'service-network',
  title: 'DNS or network between services',
  docs: 'https://docs.docker.com/compose/how-tos/networking/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    let hit: { line: LogLine; host: string } | undefined;
    for (const line of log.lines) {
      if (line.redraw) continue;
      for (const re of LOOKUP) {
        const m = re.exec(line.body);
        if (m?.[1] && !REGISTRY.test(m[1]) && !/docker\/dockerfile/.test(line.body)) {
          hit = { line, host: m[1].replace(/\.$/, '') };
          break;
        }
      }
      if (hit) break;
    }
    const localhost = log.lines.find(
      (l) => !l.redraw && !l.step && LOCALHOST_REFUSED.test(l.body) && !/health|curl: \(7\)/i.test(l.body),
    );

    if (hit?.line.step) {
      const { line, host } = hit;
      return [
        finding(this, {
          cause: 'build-network',
          title: `The build could not resolve "${host}"`,
          confidence: 'high',
          evidence: rangesOf([line]),
          fix: `A RUN step had no working DNS/network for ${host}. Check that the builder has network access (\`docker build --network host\` where the bridge is missing, daemon \`"dns"\` in daemon.json behind corporate DNS), pass proxy settings as build args (HTTP_PROXY/HTTPS_PROXY/NO_PROXY are predefined ARGs), or use a package mirror the build can reach.`,
          step: line.step,
          locations: locateStep(log, project, line.step, line.line),
          details: { host },
        }),
      ];
    }
    if (hit) {
      const { line, host } = hit;
      const from = resolveService(project, line.service);
      const locations: ProjectLocation[] = [];
      const env = envLocation(project, from, new RegExp(`\\b${host.replace(/[.]/g, '\\.')}\\b`));
      if (env) locations.push(env);
      const services = project?.compose ? Object.keys(project.compose.project.model.services) : undefined;
      if (project && services) {
        if (!services.includes(host)) {
          const disabled = host in project.compose!.project.disabledServices;
          const suggestion = closestMatch(host, services);
          return [
            finding(this, {
              cause: disabled ? 'service-disabled' : 'unknown-service',
              title: disabled
                ? `"${host}" is a service switched off by its profile`
                : `"${host}" is not a service of this compose project`,
              confidence: 'high',
              evidence: rangesOf([line]),
              fix: disabled
                ? `Enable its profile (\`docker compose --profile <name> up\`) or remove the profile from "${host}".`
                : `Containers reach each other by service name (or a network alias). ${suggestion ? `Did you mean "${suggestion}"? ` : ''}Use one of: ${services.join(', ')}, or add an alias under the target's \`networks:\`.`,
              service: from,
              locations,
              details: { host, ...(suggestion ? { suggestion } : {}) },
            }),
          ];
        }
        if (from && services.includes(from)) {
          const a = networksOf(project, from);
          const b = networksOf(project, host);
          const shared = a.filter((n) => b.includes(n) && !n.startsWith('mode:'));
          if (!shared.length) {
            const netLoc =
              composeLocation(project, ['services', from, 'networks']) ??
              composeLocation(project, ['services', from, 'network_mode']);
            if (netLoc) locations.push(netLoc);
            return [
              finding(this, {
                cause: 'not-attached',
                title: `"${from}" and "${host}" share no network`,
                confidence: 'high',
                evidence: rangesOf([line]),
                fix: `"${from}" is on ${a.join(', ')} and "${host}" on ${b.join(', ')}. Attach both to a common network (list it under \`networks:\` of each service), or drop \`network_mode\` so the default network applies.`,
                service: from,
                locations,
                details: { host, from },
              }),
            ];
          }
        }
      }
      return [
        finding(this, {
          cause: services ? 'target-not-running' : 'name-resolution',
          title: services
            ? `"${host}" did not resolve: the service is not running yet (or crashed)`
            : `"${host}" did not resolve`,
          confidence: services ? 'medium' : 'medium',
          evidence: rangesOf([line]),
          fix: services
            ? `Compose's DNS only answers for running containers. Start "${host}" before "${from ?? 'the client'}" and wait for it (\`depends_on: { ${host}: { condition: service_healthy } }\` with a healthcheck), check that "${host}" did not exit, and retry connections at start-up.`
            : `Inside a container, other containers are reached by their compose service name on a shared network (not by container name from another project, nor by localhost). Check that a service named "${host}" exists, is running, and that both containers are attached to the same network (\`docker network inspect\`); run with --dir to check the compose file.`,
          service: from,
          locations,
          details: { host },
        }),
      ];
    }
    if (localhost) {
      const m = LOCALHOST_REFUSED.exec(localhost.body)!;
      const port = m[1] ?? m[2] ?? m[3];
      const from = resolveService(project, localhost.service);
      const env = envLocation(project, from, /localhost|127\.0\.0\.1/);
      return [
        finding(this, {
          cause: 'localhost-in-container',
          title: `Connecting to localhost${port ? `:${port}` : ''} inside a container`,
          confidence: localhost.service || env ? 'high' : 'medium',
          evidence: rangesOf([localhost]),
          fix: `Inside a container, localhost is the container itself, not the host or another service. Use the service name (e.g. \`postgres://db:5432\`), or \`host.docker.internal\` (with \`extra_hosts: ["host.docker.internal:host-gateway"]\` on Linux) for something on the host.`,
          service: from,
          locations: env ? [env] : [],
          details: port ? { port: Number(port) } : {},
        }),
      ];
    }
    return [];
  },
};
