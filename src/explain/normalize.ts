import type { DockerEvent, LogKind, LogLine, NormalizedLog, StepInfo } from './types.js';

/** CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`) and two-character escapes. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
/** Cursor movement and erase sequences: the line belongs to a TTY redraw. */
const REDRAW = /\u001b\[[0-9;]*[ABEFGHJK]/;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** What a terminal would show for one physical line: the last segment drawn after a carriage return. */
function resolveCarriageReturns(line: string): string {
  if (!line.includes('\r')) return line;
  const parts = line.split('\r').filter((p) => p.trim() !== '');
  return parts.at(-1) ?? '';
}

const KEYWORDS = new Set([
  'FROM',
  'RUN',
  'COPY',
  'ADD',
  'WORKDIR',
  'USER',
  'ENV',
  'ARG',
  'CMD',
  'ENTRYPOINT',
  'EXPOSE',
  'LABEL',
  'HEALTHCHECK',
  'SHELL',
  'VOLUME',
  'STOPSIGNAL',
  'ONBUILD',
]);

function keywordOf(instruction: string): string {
  const word = /^\s*(\S+)/.exec(instruction)?.[1]?.toUpperCase() ?? '';
  return KEYWORDS.has(word) ? word : 'INTERNAL';
}

/** `[build 3/6]`, `[3/6]`, `[stage-1 2/4]`, `[internal]`, `[api internal]`. */
function parseBracket(inner: string): { stage?: string; index?: number; total?: number } {
  const m = /^(?:(.+?)\s+)?(\d+)\/(\d+)$/.exec(inner.trim());
  if (!m) return { stage: inner.trim() };
  return {
    ...(m[1] ? { stage: m[1] } : {}),
    index: Number(m[2]),
    total: Number(m[3]),
  };
}

/** Placeholder until a pattern matches (keeps `m` non-null for the type checker). */
const NO_MATCH = /(?:)/.exec('') as RegExpExecArray;

const BK_PLAIN = /^#(\d+) (.*)$/;
const BK_TIMESTAMP = /^\d+\.\d+ (.*)$/;
const BK_STEP = /^\[([^\]]+)\] (.+)$/;
const BK_TTY_STEP = /^\s*=> (?:(CACHED|ERROR|CANCELED) )?\[([^\]]+)\] (.+?)(?:\s+(\d+(?:\.\d+)?)s)?\s*$/;
const BK_TTY_HEADER = /^\[\+\] Building [\d.]+s \(\d+\/\d+\)/;
const BK_SUMMARY_STEP = /^ > \[([^\]]+)\] (.+):$/;
const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.+)$/;
const PODMAN_STEP = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)(?:\/(\d+))?: (.+)$/;
const COMPOSE_PREFIX = /^([a-zA-Z0-9][a-zA-Z0-9_.-]*?)\s+\| ?(.*)$/;
const EVENT =
  /^(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})) (container|image|network|volume|daemon|plugin|builder|service|node|secret|config) (.+)$/;
const VERIFY = /^\s*(?:✔|✓|✗|✘|×|PASS|FAIL|ok|not ok)\s+\S/;
const FRAME = /^(\S*(?:Dockerfile|Containerfile)[^:\s]*):(\d+)$/;
const TABLE_HEADER = /^(REPOSITORY|IMAGE|CONTAINER ID)\s{2,}/;

function parseEvent(line: number, rest: string): DockerEvent | undefined {
  // `container die 3f2a… (exitCode=137, image=api:1, name=api-1)` or `container health_status: unhealthy 3f2a… (…)`
  const m =
    /^(container|image|network|volume|daemon|plugin|builder|service|node|secret|config) (.+?) ([0-9a-f]{12,64}|\S+) \((.*)\)$/.exec(
      rest,
    );
  if (!m) return undefined;
  const attributes: Record<string, string> = {};
  for (const part of m[4]!.split(/, (?=[\w.-]+=)/)) {
    const eq = part.indexOf('=');
    if (eq > 0) attributes[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return { line, type: m[1]!, action: m[2]!, id: m[3]!, attributes };
}

function serviceOf(container: string): string {
  return container.replace(/[-_]\d+$/, '');
}

function tryJson(text: string): Record<string, unknown>[] | undefined {
  const t = text.trim();
  if (!(t.startsWith('[') || t.startsWith('{'))) return undefined;
  try {
    const value = JSON.parse(t) as unknown;
    const list = Array.isArray(value) ? value : [value];
    if (list.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v)))
      return list as Record<string, unknown>[];
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * Turn raw log text into lines with context. Handles ANSI colour and TTY redraws, BuildKit plain and
 * TTY progress, the classic builder, podman/buildah, `docker compose up` prefixes, `docker inspect`
 * JSON, `docker events`, and `dockwright verify` check lines. Line numbers stay those of the input.
 */
export function normalizeLog(input: string): NormalizedLog {
  const physical = input.replace(/^\uFEFF/, '').split('\n');
  if (physical.length > 1 && physical.at(-1) === '') physical.pop();
  const lines: LogLine[] = [];
  const steps: StepInfo[] = [];
  const byId = new Map<string, StepInfo>();
  const events: DockerEvent[] = [];
  const frames: { line: number; file: string; target: number }[] = [];
  const counts = new Map<LogKind, number>();
  const bump = (k: LogKind) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const seen = new Set<string>();
  let current: StepInfo | undefined;
  let summaryStep: StepInfo | undefined;

  const addStep = (step: StepInfo): StepInfo => {
    const existing = byId.get(step.id);
    if (existing && existing.instruction === step.instruction) return existing;
    byId.set(step.id, step);
    steps.push(step);
    return step;
  };
  const findByBracket = (bracket: string, instruction: string): StepInfo | undefined =>
    steps.find(
      (s) => s.instruction === instruction && (s.stage ?? '') === (parseBracket(bracket).stage ?? ''),
    );

  const inspect = tryJson(input);

  for (let i = 0; i < physical.length; i++) {
    const lineNo = i + 1;
    const raw = physical[i]!.replace(/\r$/, '');
    const redrawn = REDRAW.test(raw);
    const text = stripAnsi(resolveCarriageReturns(raw)).replace(/\s+$/, '');
    let body = text;
    let step: StepInfo | undefined;
    let service: string | undefined;

    if (inspect) {
      bump('inspect');
    } else if (text === '------' || text === '--------------------') {
      summaryStep = undefined;
    } else {
      let m = NO_MATCH;
      const hit = (re: RegExp): boolean => {
        const r = re.exec(text);
        if (r) m = r;
        return r !== null;
      };
      if (hit(BK_PLAIN)) {
        bump('buildkit-plain');
        const id = m[1]!;
        let rest = m[2]!;
        const header = BK_STEP.exec(rest);
        if (header) {
          const bracket = parseBracket(header[1]!);
          step = addStep({
            id,
            ...bracket,
            instruction: header[2]!,
            keyword: bracket.index === undefined ? 'INTERNAL' : keywordOf(header[2]!),
            line: lineNo,
            cached: false,
            errored: false,
          });
          body = header[2]!;
        } else {
          step = byId.get(id) ?? summaryStep;
          const ts = BK_TIMESTAMP.exec(rest);
          if (ts) rest = ts[1]!;
          body = rest;
          if (step) {
            if (rest === 'CACHED') step.cached = true;
            else if (rest.startsWith('ERROR')) step.errored = true;
            const done = /^DONE (\d+(?:\.\d+)?)s$/.exec(rest);
            if (done) step.seconds = Number(done[1]);
          }
        }
      } else if (hit(BK_TTY_STEP)) {
        bump('buildkit-tty');
        const bracket = parseBracket(m[2]!);
        const instruction = m[3]!.replace(/\s+$/, '');
        const existing = findByBracket(m[2]!, instruction);
        step =
          existing ??
          addStep({
            id: `tty${steps.length + 1}`,
            ...bracket,
            instruction,
            keyword: bracket.index === undefined ? 'INTERNAL' : keywordOf(instruction),
            line: lineNo,
            cached: false,
            errored: false,
          });
        if (m[1] === 'CACHED') step.cached = true;
        if (m[1] === 'ERROR') step.errored = true;
        if (m[4]) step.seconds = Number(m[4]);
        body = instruction;
      } else if (BK_TTY_HEADER.test(text)) {
        bump('buildkit-tty');
      } else if (hit(BK_SUMMARY_STEP)) {
        const bracket = parseBracket(m[1]!);
        summaryStep =
          findByBracket(m[1]!, m[2]!) ??
          addStep({
            id: `summary${steps.length + 1}`,
            ...bracket,
            instruction: m[2]!,
            keyword: keywordOf(m[2]!),
            line: lineNo,
            cached: false,
            errored: true,
          });
        summaryStep.errored = true;
        step = summaryStep;
        body = m[2]!;
      } else if (hit(CLASSIC_STEP)) {
        bump('classic-build');
        current = addStep({
          id: m[1]!,
          index: Number(m[1]),
          total: Number(m[2]),
          instruction: m[3]!,
          keyword: keywordOf(m[3]!),
          line: lineNo,
          cached: false,
          errored: false,
        });
        step = current;
        body = m[3]!;
      } else if (hit(PODMAN_STEP)) {
        bump('podman-build');
        current = addStep({
          id: m[1] ? `${m[1]}.${m[3]}` : m[3]!,
          ...(m[1] ? { stage: `${m[1]}/${m[2]}` } : {}),
          index: Number(m[3]),
          ...(m[4] ? { total: Number(m[4]) } : {}),
          instruction: m[5]!,
          keyword: keywordOf(m[5]!),
          line: lineNo,
          cached: false,
          errored: false,
        });
        step = current;
        body = m[5]!;
      } else if (hit(EVENT)) {
        bump('events');
        const event = parseEvent(lineNo, `${m[2]} ${m[3]}`);
        if (event) {
          events.push(event);
          if (event.attributes.name) service = serviceOf(event.attributes.name);
        }
        body = m[3]!;
      } else if (hit(COMPOSE_PREFIX) && !/^\d+$/.test(m[1]!)) {
        bump('compose');
        service = serviceOf(m[1]!);
        body = m[2]!;
      } else if (/^\S+ exited with code \d+/.test(text) || /^Attaching to /.test(text)) {
        bump('compose');
        service = serviceOf(text.split(' ')[0]!);
      } else if (
        /^\s*[✔✘⠿] (Container|Network|Volume|Image) /.test(text) ||
        /^\s*[✔✘⠿] \S+ (?:Pulled|Pulling|Error|Waiting|Skipped)\b/.test(text) ||
        /^\[\+\] (?:Running|Pulling|Stopping) /.test(text)
      ) {
        bump('compose');
      } else if (VERIFY.test(text)) {
        bump('verify');
      } else if (TABLE_HEADER.test(text)) {
        bump('table');
      } else {
        if (current && /^ ---> /.test(text)) {
          if (/Using cache/.test(text)) current.cached = true;
        }
        if (/^The command .* returned a non-zero code/.test(text) || /^Error: building at STEP/.test(text)) {
          if (current) current.errored = true;
        }
        step = summaryStep ?? current;
        const ts = summaryStep ? BK_PLAIN.exec(text) : null;
        if (ts) body = BK_TIMESTAMP.exec(ts[2]!)?.[1] ?? ts[2]!;
        else if (summaryStep) body = text.replace(/^\s+/, '').replace(/^\d+\.\d+ /, '');
      }
      const frame = FRAME.exec(text);
      if (frame) frames.push({ line: lineNo, file: frame[1]!, target: Number(frame[2]) });
    }

    const key = `${step?.id ?? ''}\u0000${service ?? ''}\u0000${text}`;
    const redraw = redrawn && seen.has(key);
    if (text !== '') seen.add(key);
    lines.push({
      line: lineNo,
      text,
      body,
      ...(step ? { step } : {}),
      ...(service ? { service } : {}),
      redraw,
    });
  }

  let kind: LogKind = 'text';
  let best = 0;
  for (const [k, n] of counts) {
    if (n > best) {
      best = n;
      kind = k;
    }
  }
  return { kind, lines, steps, ...(inspect ? { inspect } : {}), events, frames };
}
