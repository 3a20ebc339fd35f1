import { allInstructions, composeLocation, instructionLocation, resolveService } from '../project.js';
import type { Detector, Finding, LogLine, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { containerName, find, finding, get, rangesOf } from '../util.js';

const PROBE_MISSING =
  /\b(curl|wget|nc|pg_isready|redis-cli|mysqladmin|mongosh|grpc_health_probe)\b[^\n]*?(?:not found|No such file or directory|executable file not found)|exec: "(curl|wget|nc|pg_isready|redis-cli)": executable file not found/;
const REFUSED =
  /Connection refused|ECONNREFUSED|Failed to connect to (?:\S+) port (\d+)|Couldn't connect to server|can't connect to remote host/;
const NOT_FOUND_PATH =
  /returned error: 404|404 Not Found|server returned error: HTTP\/1\.[01] 404|status code 404/;
const UNHEALTHY = /is unhealthy|health_status: unhealthy|"Status": "unhealthy"|\(unhealthy\)/;
const LISTENING = /(?:listening|Listening|started|running|serving)\b[^\n]*?(?:port\s*|:)(\d{2,5})\b/;

interface Probe {
  readonly line?: LogLine;
  readonly output: string;
  readonly exitCode?: number;
}

export const healthcheckFailing: Detector = {
  situation: 'healthcheck-failing',
  title: 'Health check failing',
  docs: 'https://docs.docker.com/reference/dockerfile/#healthcheck',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const probes: Probe[] = [];
    let container: string | undefined;
    let startPeriod: number | undefined;
    let test: string[] | undefined;
    let laterSuccess = false;
    for (const obj of log.inspect ?? []) {
      const health = get(obj, 'State', 'Health');
      if (!health) continue;
      container = containerName(obj);
      const sp = get(obj, 'Config', 'Healthcheck', 'StartPeriod');
      if (typeof sp === 'number') startPeriod = sp;
      const t = get(obj, 'Config', 'Healthcheck', 'Test');
      if (Array.isArray(t)) test = t as string[];
      const entries = (get(health, 'Log') as { ExitCode?: number; Output?: string }[] | undefined) ?? [];
      let failed = false;
      for (const e of entries) {
        const out = (e.Output ?? '').trim();
        const firstLine = out.split('\n')[0] ?? '';
        const needle = JSON.stringify(firstLine).slice(1, -1).slice(0, 40);
        const line = log.lines.find(
          (l) => l.text.includes('"Output"') && needle !== '' && l.text.includes(needle),
        );
        if (e.ExitCode !== 0) {
          failed = true;
          probes.push({
            ...(line ? { line } : {}),
            output: out,
            ...(e.ExitCode !== undefined ? { exitCode: e.ExitCode } : {}),
          });
        } else if (failed) laterSuccess = true;
      }
    }
    const unhealthy = find(log, UNHEALTHY);
    // Probe output in plain logs (dockwright verify, compose): the lines that look like it.
    for (const l of log.lines) {
      if (l.redraw || log.inspect) continue;
      if (
        PROBE_MISSING.test(l.body) ||
        (unhealthy &&
          (REFUSED.test(l.body) || NOT_FOUND_PATH.test(l.body)) &&
          /health|probe|curl|wget/i.test(l.text))
      )
        probes.push({ line: l, output: l.body });
    }
    if (!unhealthy && !probes.length) return [];
    if (!unhealthy && !probes.some((p) => PROBE_MISSING.test(p.output))) return [];

    const svcName = resolveService(
      project,
      container ?? unhealthy?.service ?? /container (\S+) is unhealthy/.exec(unhealthy?.body ?? '')?.[1],
    );
    const locations: ProjectLocation[] = [];
    const hcLoc = svcName ? composeLocation(project, ['services', svcName, 'healthcheck']) : undefined;
    if (hcLoc) locations.push(hcLoc);
    const hc = allInstructions(project)
      .filter((x) => x.ins.keyword === 'HEALTHCHECK')
      .at(-1);
    if (hc) locations.push(instructionLocation(hc.df, hc.ins));
    const probeText = test?.join(' ') ?? (hc ? hc.ins.line.text : '');
    const evidenceBase = [unhealthy];

    const missing = probes.find((p) => PROBE_MISSING.test(p.output) || p.exitCode === 127);
    if (missing) {
      const bin =
        PROBE_MISSING.exec(missing.output)?.[1] ??
        PROBE_MISSING.exec(missing.output)?.[2] ??
        /\b(curl|wget|nc)\b/.exec(probeText)?.[1] ??
        'the probe command';
      return [
        finding(this, {
          cause: 'probe-missing',
          title: `Health check runs "${bin}", which is not in the image`,
          confidence: 'high',
          evidence: rangesOf([missing.line, ...evidenceBase]),
          fix: `Slim, alpine and distroless images often lack ${bin}. Install it in the final stage (\`apt-get install -y --no-install-recommends ${bin}\` / \`apk add --no-cache ${bin}\`), or probe with what the image has: the app's runtime (\`node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"\`, \`python -c …\`), a tiny static probe binary, or \`wget -q --spider\` on busybox images.`,
          service: svcName,
          locations,
          details: { probe: bin },
        }),
      ];
    }
    const wrongPath = probes.find((p) => NOT_FOUND_PATH.test(p.output));
    if (wrongPath) {
      const url = /https?:\/\/[^\s'"]+/.exec(probeText)?.[0];
      return [
        finding(this, {
          cause: 'wrong-path',
          title: `Health check gets 404${url ? ` from ${url}` : ''}`,
          confidence: 'high',
          evidence: rangesOf([wrongPath.line, ...evidenceBase]),
          fix: "The server answers, but not on the probed path. Point the health check at a route the app serves (e.g. /health or /healthz, with the app's base path if it has one), or add that route.",
          service: svcName,
          locations,
          details: url ? { url } : {},
        }),
      ];
    }
    const refused = probes.find((p) => REFUSED.test(p.output));
    if (refused) {
      const probePort = /:(\d{2,5})\b/.exec(probeText)?.[1] ?? /port (\d+)/.exec(refused.output)?.[1];
      const listening = log.lines.find(
        (l) =>
          !l.redraw && !/health|curl|wget/i.test(l.body) && LISTENING.test(l.body) && !REFUSED.test(l.body),
      );
      const appPort = listening ? LISTENING.exec(listening.body)?.[1] : undefined;
      if (probePort && appPort && probePort !== appPort) {
        return [
          finding(this, {
            cause: 'wrong-port',
            title: `Health check probes port ${probePort}, the app listens on ${appPort}`,
            confidence: 'high',
            evidence: rangesOf([refused.line, listening, ...evidenceBase]),
            fix: `Probe the port the app listens on (${appPort}), inside the container (127.0.0.1:${appPort}), not the published host port.`,
            service: svcName,
            locations,
            details: { probePort: Number(probePort), appPort: Number(appPort) },
          }),
        ];
      }
      const short = laterSuccess || (startPeriod ?? 0) < 10e9;
      return [
        finding(this, {
          cause: laterSuccess ? 'start-period-too-short' : 'not-listening',
          title: laterSuccess
            ? 'Health check failed while the app was still starting'
            : `Health check connection refused${probePort ? ` on port ${probePort}` : ''}`,
          confidence: laterSuccess ? 'high' : 'medium',
          evidence: rangesOf([refused.line, ...evidenceBase]),
          fix: laterSuccess
            ? `The probe passed later, so the app is fine but slow to start. Give it a start period (\`HEALTHCHECK --start-period=30s\`, compose \`start_period: 30s\`${startPeriod !== undefined ? `; now ${startPeriod / 1e9}s` : ''}) and, on Docker 25+, \`start_interval\` for fast first probes.`
            : `Nothing listens on the probed port yet. Check that the probe uses the port the app listens on inside the container, that the app binds 0.0.0.0 or 127.0.0.1 (not another interface), and${short ? ' give it a start period (`--start-period=30s` / `start_period: 30s`) if it is slow to start' : ' whether it crashed (docker logs)'}.`,
          service: svcName,
          locations,
          details: {
            ...(probePort ? { probePort: Number(probePort) } : {}),
            ...(startPeriod !== undefined ? { startPeriodSeconds: startPeriod / 1e9 } : {}),
          },
        }),
      ];
    }
    const anyProbe = probes[0];
    return [
      finding(this, {
        cause: 'unhealthy',
        title: `${svcName ?? 'Container'} is unhealthy`,
        confidence: 'medium',
        evidence: rangesOf([anyProbe?.line, ...evidenceBase]),
        fix: 'Read the probe output (`docker inspect --format "{{json .State.Health}}" <container>`): check the endpoint, port and path the probe uses, that the probe binary exists in the image, and add a start period for slow starts.',
        service: svcName,
        locations,
      }),
    ];
  },
};
