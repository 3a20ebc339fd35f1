import type { Instruction } from '../../parse/dockerfile/index.js';
import {
  composeLocation,
  finalStage,
  instructionLocation,
  primaryDockerfile,
  resolveService,
} from '../project.js';
import type { Detector, Finding, LogLine, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { containerName, find, finding, get, jsonLine, rangesOf } from '../util.js';

/** The final stage's CMD/ENTRYPOINT (last of each), with where they are. */
function startCommand(project: ProjectInfo | undefined): {
  locations: ProjectLocation[];
  shellForm?: Instruction;
} {
  const df = primaryDockerfile(project);
  if (!df) return { locations: [] };
  const stage = finalStage(df);
  const cmd = stage.filter((i) => i.keyword === 'CMD').at(-1);
  const entry = stage.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
  const locations = [entry, cmd].flatMap((i) => (i ? [instructionLocation(df, i)] : []));
  const shellForm = [entry, cmd].find((i) => i !== undefined && i.form === 'shell');
  return { locations, ...(shellForm ? { shellForm } : {}) };
}

const WRONG_PLATFORM_FIX =
  'The binary is for another CPU architecture than the host (an arm64 image on amd64 or the reverse, or a Go/Rust binary cross-compiled for the wrong GOARCH/target). Build for the platform you run on (`docker buildx build --platform linux/amd64,linux/arm64`), pull with `--platform`, set `platform:` in compose, or install QEMU binfmt to emulate. A script without a `#!` line fails the same way: add one.';

export const containerExits: Detector = {
  situation: 'container-exits',
  title: 'Container exits immediately',
  docs: 'https://docs.docker.com/reference/dockerfile/#cmd',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const start = startCommand(project);
    const out: Finding[] = [];

    const execFormat = find(log, /exec format error/);
    if (execFormat) {
      const platform = find(
        log,
        /requested image's platform \((\S+)\) does not match the detected host platform/,
      );
      const m = platform
        ? /platform \((\S+)\) does not match the detected host platform \((\S+)\)/.exec(platform.body)
        : null;
      out.push(
        finding(this, {
          cause: 'wrong-platform',
          title: m
            ? `Image is ${m[1]} but the host is ${m[2]} (exec format error)`
            : 'exec format error: binary built for another platform',
          confidence: 'high',
          evidence: rangesOf([platform, execFormat]),
          fix: WRONG_PLATFORM_FIX,
          service: execFormat.service,
          locations: start.locations,
          details: m ? { imagePlatform: m[1]!, hostPlatform: m[2]! } : {},
        }),
      );
      return out;
    }

    const crlf = find(log, /'[^']*\\r': No such file or directory|\/bin\/(?:ba)?sh\^M|\r: not found/);
    if (crlf) {
      out.push(
        finding(this, {
          cause: 'crlf-script',
          title: 'Entrypoint script has Windows (CRLF) line endings',
          confidence: 'high',
          evidence: rangesOf([crlf]),
          fix: 'The `#!` line ends in a carriage return, so the kernel looks for an interpreter named "bash\\r". Convert the script to LF (`.gitattributes`: `*.sh text eol=lf`, or `RUN sed -i "s/\\r$//" /docker-entrypoint.sh`).',
          service: crlf.service,
          locations: start.locations,
        }),
      );
      return out;
    }

    const notInPath = find(
      log,
      /exec: "([^"]+)": executable file not found in \$PATH|exec (\/\S+): no such file or directory|exec: "([^"]+)": stat \S+: no such file or directory/,
    );
    const shNotFound = log.lines.find(
      (l) =>
        !l.redraw &&
        !l.step &&
        /^(?:\/bin\/sh|sh|bash)(?:: \d+)?: (?:exec: )?(\S+): (?:not found|command not found)/.test(l.body),
    );
    const missing = notInPath ?? shNotFound;
    if (missing) {
      const m =
        /exec: "([^"]+)"|exec (\/\S+): no such file/.exec(missing.body) ??
        /(?:\/bin\/sh|sh|bash)(?:: \d+)?: (?:exec: )?(\S+): /.exec(missing.body);
      const binary = (m?.[1] ?? m?.[2] ?? '').replace(/:$/, '');
      const absolute = binary.startsWith('/');
      out.push(
        finding(this, {
          cause: 'missing-binary',
          title: `"${binary}" does not exist in the image`,
          confidence: 'high',
          evidence: rangesOf([missing]),
          fix: absolute
            ? `The file "${binary}" is missing from the final stage, or it is a dynamically linked binary whose loader is missing (a glibc binary on Alpine/musl or scratch/distroless-static shows this same error). COPY it from the build stage (check the path), build it statically (CGO_ENABLED=0, or the musl target), or use a base image with the C library it needs.`
            : `"${binary}" is not on PATH in the final image: it was installed only in the build stage, lives in a directory not on PATH (e.g. node_modules/.bin, ~/.local/bin), or its package is missing. Copy it (or its virtualenv/node_modules) into the final stage, use the full path in CMD, or install it there.`,
          service: missing.service,
          locations: start.locations,
          details: { binary },
        }),
      );
      return out;
    }

    // docker inspect: exited with the shell-form command, or exit 0 right away.
    for (const obj of log.inspect ?? []) {
      const status = get(obj, 'State', 'Status');
      const code = get(obj, 'State', 'ExitCode');
      if (status !== 'exited' || typeof code !== 'number' || code === 137) continue;
      const cmd = [
        ...((get(obj, 'Config', 'Entrypoint') as string[] | null) ?? []),
        ...((get(obj, 'Config', 'Cmd') as string[] | null) ?? []),
      ];
      const shellForm = cmd[0] === '/bin/sh' && cmd[1] === '-c';
      const codeLine = jsonLine(log, 'ExitCode', code);
      const cmdLine = jsonLine(log, 'Cmd');
      if (code === 0 || shellForm) {
        out.push(
          finding(this, {
            cause: shellForm ? 'shell-form-cmd' : 'main-process-ended',
            title: shellForm
              ? `Container ran its command through /bin/sh -c and exited (code ${code})`
              : 'The main process finished (exit 0), so the container stopped',
            confidence: shellForm ? 'high' : 'medium',
            evidence: rangesOf([codeLine, cmdLine]),
            fix: shellForm
              ? 'CMD/ENTRYPOINT in shell form run under /bin/sh as PID 1: signals do not reach the app and a command that daemonises (service x start, nginx without "daemon off", `&`) returns at once. Use exec form (`CMD ["nginx", "-g", "daemon off;"]`) and run the server in the foreground.'
              : 'A container lives as long as its PID 1. The command returned: it daemonised, ran a one-off task, or was a shell. Run the server in the foreground, in exec form.',
            service: containerName(obj),
            locations: start.locations,
            details: { exitCode: code },
          }),
        );
      } else {
        out.push(
          finding(this, {
            cause: 'app-error',
            title: `Container exited with code ${code}`,
            confidence: 'low',
            evidence: rangesOf([codeLine, jsonLine(log, 'Error')]),
            fix: 'The app itself failed at start-up. Read its output (`docker logs <container>`), then run the image interactively (`docker run --rm -it --entrypoint sh <image>`) to check its configuration, environment variables and files.',
            service: containerName(obj),
            locations: start.locations,
            details: { exitCode: code },
          }),
        );
      }
      return out;
    }

    // Compose / events: killed after a stop request = PID 1 ignores SIGTERM.
    const stopping = find(log, /Gracefully stopping|^\s*(?:✔|⠿)? ?Container \S+ +Stopping|^Stopping \S+/);
    const killSignal = log.events.find((e) => e.action === 'kill' && e.attributes.signal === '15');
    const exits = log.lines.filter((l) => !l.redraw && /exited with code (\d+)|^container die /.test(l.text));
    const oom = log.events.some((e) => e.action === 'oom') || find(log, /OOMKilled|out of memory/i);
    const after = stopping?.line ?? killSignal?.line;
    const killed = exits.find(
      (l) => (after === undefined ? false : l.line > after) && /(?:code |exitCode=)137/.test(l.text),
    );
    if (killed && !oom) {
      const svc = resolveService(project, killed.service ?? /name=([^,)]+)/.exec(killed.text)?.[1]);
      const stopLine = stopping ?? log.lines[(killSignal?.line ?? 1) - 1];
      out.push(
        finding(this, {
          cause: 'pid1-signals',
          title: 'Container ignored SIGTERM and was killed after the grace period (exit 137)',
          confidence: start.shellForm ? 'high' : 'medium',
          evidence: rangesOf([stopLine, killed]),
          fix: start.shellForm
            ? `The ${start.shellForm.keyword} is in shell form, so /bin/sh is PID 1 and does not pass SIGTERM on. Use exec form (\`${start.shellForm.keyword} ["node", "server.js"]\`), or \`exec\` the app at the end of an entrypoint script; add \`init: true\` (tini) if the app does not handle signals.`
            : 'PID 1 did not exit on SIGTERM within the grace period, so the engine sent SIGKILL. Use exec-form CMD/ENTRYPOINT (or `exec "$@"` in an entrypoint script), handle SIGTERM in the app, or add `init: true` (tini) in compose / `--init`.',
          service: svc,
          locations: start.locations,
          details: { exitCode: 137 },
        }),
      );
      return out;
    }

    const early = exits.find((l) => /(?:code |exitCode=)(\d+)/.exec(l.text)?.[1] !== '137');
    if (early && !stopping) {
      const code = Number(/(?:code |exitCode=)(\d+)/.exec(early.text)?.[1]);
      const svc = early.service ?? /name=([^,)]+)/.exec(early.text)?.[1];
      const service = resolveService(project, svc);
      // The service's own last lines before it exited are the app's error.
      const own = log.lines
        .filter(
          (l: LogLine) =>
            l.line < early.line &&
            l.service !== undefined &&
            l.service === early.service &&
            l.body.trim() !== '',
        )
        .slice(-3);
      const locations = [...start.locations];
      const cmdLoc = service ? composeLocation(project, ['services', service, 'command']) : undefined;
      if (cmdLoc) locations.unshift(cmdLoc);
      out.push(
        finding(this, {
          cause: code === 0 ? (start.shellForm ? 'shell-form-cmd' : 'main-process-ended') : 'app-error',
          title:
            code === 0
              ? `${service ?? 'The container'} exited with code 0 right after starting`
              : `${service ?? 'The container'} exited with code ${code}`,
          confidence: code === 0 && start.shellForm ? 'high' : code === 0 ? 'medium' : 'low',
          evidence: rangesOf([...own, early]),
          fix:
            code === 0
              ? start.shellForm
                ? `The ${start.shellForm.keyword} is in shell form: /bin/sh runs it and a command that daemonises returns at once. Use exec form and keep the server in the foreground.`
                : 'A container lives as long as its PID 1. The command returned: it daemonised, ran a one-off task, or was a shell. Run the server in the foreground, in exec form.'
              : 'The app failed at start-up: the lines before the exit are its own error. Run the image interactively (`docker run --rm -it --entrypoint sh <image>`) to check configuration, environment variables and files.',
          service,
          locations,
          details: { exitCode: code },
        }),
      );
    }
    return out;
  },
};
