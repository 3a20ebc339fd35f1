import type {
  ArgInstr,
  CopyInstr,
  DockerfileModel,
  FromInstr,
  HealthcheckInstr,
  Instr,
  RunInstr,
  RunMount,
  StageModel,
} from '../model/dockerfile.js';

/** Lines are wrapped to stay within this width where a break is possible. */
export const DOCKERFILE_WIDTH = 100;
const INDENT = '    ';
const WRAP_INDENT = '        ';

/** A value that needs no quotes in ENV/LABEL/ARG (variables stay expandable either way). */
const BARE = /^[A-Za-z0-9_./:@%+,=${}-]+$/;

export function quoteValue(value: string): string {
  if (value !== '' && BARE.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** JSON array as Docker's documentation writes it: `["node", "server.js"]`. */
export function execForm(args: readonly string[]): string {
  return `[${args.map((a) => JSON.stringify(a)).join(', ')}]`;
}

export function mountFlag(m: RunMount): string {
  const fields: string[] = [`type=${m.type}`];
  if (m.id !== undefined) fields.push(`id=${m.id}`);
  if (m.from !== undefined) fields.push(`from=${m.from}`);
  if (m.source !== undefined) fields.push(`source=${m.source}`);
  if (m.target !== undefined) fields.push(`target=${m.target}`);
  if (m.sharing !== undefined) fields.push(`sharing=${m.sharing}`);
  if (m.readonly) fields.push('readonly');
  if (m.required) fields.push('required');
  return `--mount=${fields.join(',')}`;
}

function comments(lines: readonly string[] | undefined): string[] {
  return (lines ?? []).map((l) => (l === '' ? '#' : `# ${l}`));
}

/** Greedy fill of words after `first` (the text the line starts with); continuation lines get `indent`. */
function fill(first: string, words: readonly string[], indent: string, suffix: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && candidate.length + 2 + suffix.length > DOCKERFILE_WIDTH) {
      lines.push(`${line} \\`);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line + suffix);
  return lines;
}

function printRun(run: RunInstr): string[] {
  const flags = (run.mounts ?? []).map(mountFlag);
  const commands = run.commands.map((c) => c.join(' '));
  const oneLine = `RUN ${[...flags, commands.join(' && ')].join(' ')}`;
  if (flags.length === 0 && run.commands.length === 1 && oneLine.length <= DOCKERFILE_WIDTH) return [oneLine];
  const lines: string[] = [];
  const heads = [...flags];
  for (const [i, flag] of heads.entries()) lines.push(`${i === 0 ? 'RUN ' : INDENT}${flag} \\`);
  run.commands.forEach((words, i) => {
    const start = lines.length === 0 ? 'RUN ' : INDENT;
    const last = i === run.commands.length - 1;
    lines.push(...fill(start, words, WRAP_INDENT, last ? '' : ' && \\'));
  });
  return lines;
}

function printPairs(keyword: string, pairs: readonly (readonly [string, string])[]): string[] {
  const items = pairs.map(([k, v]) => `${k}=${quoteValue(v)}`);
  if (items.length === 1) return [`${keyword} ${items[0]}`];
  return items.map((item, i) => {
    const head = i === 0 ? `${keyword} ` : ' '.repeat(keyword.length + 1);
    return `${head}${item}${i < items.length - 1 ? ' \\' : ''}`;
  });
}

function printFrom(from: FromInstr): string {
  return [
    'FROM',
    ...(from.platform ? [`--platform=${from.platform}`] : []),
    from.image,
    ...(from.as ? ['AS', from.as] : []),
  ].join(' ');
}

function printArg(arg: ArgInstr): string {
  return `ARG ${arg.name}${arg.default === undefined ? '' : `=${quoteValue(arg.default)}`}`;
}

function printCopy(copy: CopyInstr): string[] {
  for (const p of [...copy.sources, copy.dest]) {
    if (/\s/.test(p)) throw new Error(`COPY path with whitespace is not supported by the printer: ${p}`);
  }
  const words = [
    ...(copy.from ? [`--from=${copy.from}`] : []),
    ...(copy.chown ? [`--chown=${copy.chown}`] : []),
    ...copy.sources,
    copy.dest,
  ];
  return fill('COPY ', words, INDENT, '');
}

function printHealthcheck(h: HealthcheckInstr): string[] {
  const opts = [
    ...(h.interval ? [`--interval=${h.interval}`] : []),
    ...(h.timeout ? [`--timeout=${h.timeout}`] : []),
    ...(h.startPeriod ? [`--start-period=${h.startPeriod}`] : []),
    ...(h.retries !== undefined ? [`--retries=${h.retries}`] : []),
  ];
  const cmd = `CMD ${execForm(h.cmd)}`;
  const one = ['HEALTHCHECK', ...opts, cmd].join(' ');
  if (one.length <= DOCKERFILE_WIDTH) return [one];
  return [`${['HEALTHCHECK', ...opts].join(' ')} \\`, `${INDENT}${cmd}`];
}

function printInstr(ins: Instr): string[] {
  switch (ins.kind) {
    case 'ARG':
      return [printArg(ins)];
    case 'ENV':
      return printPairs('ENV', ins.vars);
    case 'LABEL':
      return printPairs('LABEL', ins.labels);
    case 'WORKDIR':
      return [`WORKDIR ${ins.path}`];
    case 'RUN':
      return printRun(ins);
    case 'COPY':
      return printCopy(ins);
    case 'USER':
      return [`USER ${ins.user}`];
    case 'EXPOSE':
      return [`EXPOSE ${ins.ports.join(' ')}`];
    case 'HEALTHCHECK':
      return printHealthcheck(ins);
    case 'CMD':
    case 'ENTRYPOINT':
      return [`${ins.kind} ${execForm(ins.args)}`];
    case 'STOPSIGNAL':
      return [`STOPSIGNAL ${ins.signal}`];
  }
}

function printStage(stage: StageModel): string[] {
  const lines = [...comments(stage.from.comment), printFrom(stage.from)];
  for (const ins of stage.instructions) {
    if (ins.comment?.length) lines.push('', ...comments(ins.comment));
    lines.push(...printInstr(ins));
  }
  return lines;
}

/**
 * The one Dockerfile printer. Layout is fixed: directive, header, global ARGs, then stages separated by a blank
 * line; a commented instruction gets a blank line before its comment; long RUN chains break after `&&` and long
 * commands between words with ` \` continuations; CMD/ENTRYPOINT/HEALTHCHECK always in exec (JSON) form.
 */
export function printDockerfile(model: DockerfileModel): string {
  const blocks: string[][] = [];
  const top: string[] = [];
  if (model.syntax) top.push(`# syntax=${model.syntax}`);
  top.push(...comments(model.header));
  if (top.length) blocks.push(top);
  if (model.globalArgs.length) {
    const args: string[] = [];
    for (const a of model.globalArgs) args.push(...comments(a.comment), printArg(a));
    blocks.push(args);
  }
  for (const stage of model.stages) blocks.push(printStage(stage));
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}
