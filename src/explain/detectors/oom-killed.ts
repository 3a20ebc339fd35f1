import { composeLocation, locateStep, resolveService } from '../project.js';
import type { Detector, Finding, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { containerName, find, finding, get, jsonLine, rangesOf, stepErrorLine } from '../util.js';

function memoryLocations(project: ProjectInfo | undefined, service: string | undefined): ProjectLocation[] {
  if (!service) return [];
  const loc =
    composeLocation(project, ['services', service, 'deploy', 'resources', 'limits', 'memory']) ??
    composeLocation(project, ['services', service, 'mem_limit']) ??
    composeLocation(project, ['services', service]);
  return loc ? [loc] : [];
}

const LIMIT_FIX =
  'The kernel killed the process for exceeding the memory limit. Measure the real peak (`docker stats`) and set the limit above it (`deploy.resources.limits.memory` / `mem_limit`, `--memory`), and make the runtime respect the limit (Node: `--max-old-space-size` below the limit; JVM: `-XX:MaxRAMPercentage=75`); look for leaks if usage keeps growing.';

export const oomKilled: Detector = {
  situation: 'oom-killed',
  title: 'OOM killed',
  docs: 'https://docs.docker.com/engine/containers/resource_constraints/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    for (const obj of log.inspect ?? []) {
      if (get(obj, 'State', 'OOMKilled') !== true) continue;
      const name = containerName(obj);
      const service = resolveService(project, name);
      const mem = get(obj, 'HostConfig', 'Memory');
      return [
        finding(this, {
          cause: 'container-limit',
          title: `${name ?? 'Container'} was OOM killed${typeof mem === 'number' && mem > 0 ? ` (limit ${Math.round(mem / 2 ** 20)} MiB)` : ''}`,
          confidence: 'high',
          evidence: rangesOf([
            jsonLine(log, 'OOMKilled', true),
            jsonLine(log, 'ExitCode', 137),
            typeof mem === 'number' && mem > 0 ? jsonLine(log, 'Memory', mem) : undefined,
          ]),
          fix: LIMIT_FIX,
          service,
          locations: memoryLocations(project, service),
          details: { exitCode: 137, ...(typeof mem === 'number' && mem > 0 ? { memoryLimit: mem } : {}) },
        }),
      ];
    }
    const oomEvent = log.events.find((e) => e.action === 'oom');
    const kernel = find(log, /Memory cgroup out of memory|oom-kill:|Out of memory: Killed process/);
    if (oomEvent || kernel) {
      const name = oomEvent?.attributes.name;
      const die = log.events.find((e) => e.action === 'die' && e.id === oomEvent?.id);
      const service = resolveService(project, name);
      return [
        finding(this, {
          cause: 'container-limit',
          title: `${name ?? 'A container'} ran out of memory (OOM kill)`,
          confidence: 'high',
          evidence: rangesOf([
            oomEvent ? log.lines[oomEvent.line - 1] : kernel,
            die ? log.lines[die.line - 1] : undefined,
          ]),
          fix: LIMIT_FIX,
          service,
          locations: memoryLocations(project, service),
          details: { exitCode: 137 },
        }),
      ];
    }
    const heap = find(
      log,
      /JavaScript heap out of memory|java\.lang\.OutOfMemoryError|MemoryError\b|fatal error: runtime: out of memory/,
    );
    if (heap) {
      const js = /JavaScript heap/.test(heap.body);
      return [
        finding(this, {
          cause: js ? 'js-heap' : 'runtime-heap',
          title: js ? 'Node.js ran out of heap' : 'The runtime ran out of memory',
          confidence: 'high',
          evidence: rangesOf([heap, stepErrorLine(log, heap.step)]),
          fix: js
            ? `The V8 heap limit was reached${heap.step ? ' during the build (bundlers are hungry)' : ''}. Raise it below the container limit (\`NODE_OPTIONS=--max-old-space-size=2048\`), give the build or container more memory, or reduce what is loaded at once.`
            : 'The runtime hit its heap limit. Size the heap to the container (`-XX:MaxRAMPercentage=75` for the JVM) and raise the memory limit if the workload needs it.',
          step: heap.step,
          service: resolveService(project, heap.service),
          locations: heap.step
            ? locateStep(log, project, heap.step, heap.line)
            : memoryLocations(project, resolveService(project, heap.service)),
        }),
      ];
    }
    // A build step killed by SIGKILL: `Killed` then exit code 137.
    const killedStep = log.lines.find(
      (l) => !l.redraw && l.step && /^Killed$|signal: killed/.test(l.body.trim()),
    );
    if (killedStep) {
      const err =
        stepErrorLine(log, killedStep.step) ??
        log.lines.find((l) => l.line > killedStep.line && /exit code: 137/.test(l.body));
      return [
        finding(this, {
          cause: 'build-step',
          title: 'A build step was killed for using too much memory',
          confidence: err && /137/.test(err.body) ? 'high' : 'medium',
          evidence: rangesOf([killedStep, err]),
          fix: 'The builder ran out of memory (exit 137 = SIGKILL from the OOM killer). Give Docker/BuildKit more memory (Docker Desktop settings, a bigger CI runner), limit parallelism (`make -j2`, `CARGO_BUILD_JOBS=2`, `--max-workers`), or split the step.',
          step: killedStep.step,
          locations: locateStep(log, project, killedStep.step, killedStep.line),
          details: { exitCode: 137 },
        }),
      ];
    }
    // Exit 137 without a stop request: usually the OOM killer, but only OOMKilled says so.
    const stopping = find(log, /Gracefully stopping|Stopping|container kill .*signal=15/);
    const exit137 = log.lines.find(
      (l) => !l.redraw && /exited with code 137|die .*exitCode=137/.test(l.text),
    );
    if (exit137 && !stopping) {
      const service = resolveService(project, exit137.service ?? /name=([^,)]+)/.exec(exit137.text)?.[1]);
      return [
        finding(this, {
          cause: 'exit-137',
          title: `${service ?? 'A container'} was killed (exit 137) without being stopped`,
          confidence: 'medium',
          evidence: rangesOf([exit137]),
          fix: `Exit 137 is SIGKILL; when nobody stopped the container, that is almost always the OOM killer. Confirm with \`docker inspect --format '{{.State.OOMKilled}}' <container>\` (or run \`dockwright explain\` on the inspect JSON), then: ${LIMIT_FIX}`,
          service,
          locations: memoryLocations(project, service),
          details: { exitCode: 137 },
        }),
      ];
    }
    return [];
  },
};
