import type { Range } from '../../../core/index.js';
import type { Instruction } from '../../../parse/dockerfile/ast.js';
import type { DockerfileModel, Stage } from '../../../parse/dockerfile/model.js';

/** The stage and the stages it builds on (`FROM build AS test`), nearest first. */
export function stageChain(stage: Stage | undefined): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<Stage>();
  for (let s = stage; s && !seen.has(s); s = s.baseStage) {
    seen.add(s);
    chain.push(s);
  }
  return chain;
}

/**
 * Instructions that take effect before `node` in its stage and in the stages it builds on
 * (base stages first), i.e. everything whose effect `node` inherits.
 */
export function instructionsBefore(stage: Stage | undefined, node: Instruction): Instruction[] {
  const chain = stageChain(stage).reverse();
  const out: Instruction[] = [];
  for (const s of chain) {
    for (const i of s.instructions) {
      if (i === node) return out;
      out.push(i);
    }
  }
  return out;
}

/** The fully expanded value of a word, or undefined when a variable is unknown or expansion fails. */
export function expandFully(model: DockerfileModel, node: Instruction, word: string): string | undefined {
  if (!/[$"'\\`]/.test(word)) return word;
  const r = model.expand(node, word);
  if ('error' in r) return undefined;
  if (r.unmatched.length > 0) return undefined;
  return r.value;
}

/** One EXPOSE word split the way Docker's nat.ParsePortSpec reads it. */
export interface PortSpec {
  /** Offsets of the parts inside the word. */
  readonly ip?: { text: string; start: number; end: number };
  readonly hostPort?: { text: string; start: number; end: number };
  readonly containerPort: { text: string; start: number; end: number };
  readonly proto?: { text: string; start: number; end: number };
}

/** Split `[ip:][hostPort:]containerPort[/proto]` (IPv6 in brackets). */
export function splitPortSpec(word: string): PortSpec {
  let rest = word;
  let base = 0;
  let proto: PortSpec['proto'];
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    proto = { text: rest.slice(slash + 1), start: slash + 1, end: rest.length };
    rest = rest.slice(0, slash);
  }
  let ip: PortSpec['ip'];
  let hostPort: PortSpec['hostPort'];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close > 0) {
      ip = { text: rest.slice(0, close + 1), start: 0, end: close + 1 };
      base = close + 1;
      if (rest[base] === ':') base++;
    }
  }
  const tail = rest.slice(base);
  const parts = tail.split(':');
  const positions: number[] = [];
  let p = base;
  for (const part of parts) {
    positions.push(p);
    p += part.length + 1;
  }
  const last = parts.length - 1;
  const containerPort = {
    text: parts[last]!,
    start: positions[last]!,
    end: positions[last]! + parts[last]!.length,
  };
  if (last >= 1) {
    hostPort = {
      text: parts[last - 1]!,
      start: positions[last - 1]!,
      end: positions[last - 1]! + parts[last - 1]!.length,
    };
  }
  if (last >= 2 && !ip) {
    const ipText = parts.slice(0, last - 1).join(':');
    ip = { text: ipText, start: base, end: base + ipText.length };
  }
  const spec: { -readonly [K in keyof PortSpec]: PortSpec[K] } = { containerPort };
  if (ip) spec.ip = ip;
  if (hostPort) spec.hostPort = hostPort;
  if (proto) spec.proto = proto;
  return spec;
}

/** `8080` or `8000-8010` → [start, end]; undefined when not numeric. */
export function parsePortRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  return [start, end];
}

/** Absolute on Linux (`/x`) or Windows (`C:\\x`, `\\x`). */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
}

export interface ExposePort {
  readonly arg: import('../../../parse/dockerfile/ast.js').Arg;
  /** The word after variable expansion. */
  readonly value: string;
  readonly spec: PortSpec;
  /** True when `arg.raw` is exactly `value`, so offsets into `value` map onto the source. */
  readonly literal: boolean;
}

/** The EXPOSE words that can be read statically, expanded and split. */
export function exposePorts(
  model: DockerfileModel,
  node: import('../../../parse/dockerfile/ast.js').ExposeInstruction,
): ExposePort[] {
  const out: ExposePort[] = [];
  for (const arg of node.ports) {
    const value = expandFully(model, node, arg.value);
    if (value === undefined || value === '') continue;
    const literal = arg.raw === value && arg.range.end - arg.range.start === value.length;
    out.push({ arg, value, spec: splitPortSpec(value), literal });
  }
  return out;
}

/** Source range of one part of an EXPOSE word (the whole word when it was quoted or held variables). */
export function portPartRange(p: ExposePort, part: { start: number; end: number }): Range {
  return p.literal
    ? { start: p.arg.range.start + part.start, end: p.arg.range.start + part.end }
    : p.arg.range;
}
