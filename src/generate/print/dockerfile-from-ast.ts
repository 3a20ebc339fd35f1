import type { DockerfileAST, Instruction } from '../../parse/dockerfile/ast.js';
import { parseDockerfile } from '../../parse/dockerfile/index.js';
import type {
  ArgInstr,
  DockerfileModel,
  FromInstr,
  Instr,
  RunMount,
  ShellCommand,
  StageModel,
} from '../model/dockerfile.js';

/**
 * Read a Dockerfile this generator printed back into its model. Together with `printDockerfile` this is the
 * round-trip proof (print → parse → model → print gives identical text). It accepts exactly the subset the
 * printer writes and throws on anything else, so a printer change that the parser reads differently fails loudly.
 */
export function dockerfileFromText(text: string, path = 'Dockerfile'): DockerfileModel {
  const ast = parseDockerfile(text, { path });
  const errors = ast.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`${path}: ${errors[0]!.message}`);
  return dockerfileFromAst(ast);
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return raw;
}

/** Split shell text into words (quotes kept), as the printer joined them. */
function words(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      word += ch;
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word += ch;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += ch + text[++i];
    } else if (/\s/.test(ch)) {
      if (word) out.push(word);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word) out.push(word);
  return out;
}

function splitCommands(text: string): ShellCommand[] {
  const commands: string[][] = [[]];
  for (const w of words(text)) {
    if (w === '&&') commands.push([]);
    else commands.at(-1)!.push(w);
  }
  return commands;
}

function flag(ins: Instruction, name: string): string | undefined {
  return ins.flags.find((f) => f.name === name)?.value;
}

function mounts(ins: Instruction): RunMount[] {
  if (ins.keyword !== 'RUN') return [];
  return ins.mounts.map((m) => {
    const o = new Map(m.options.map((opt) => [opt.key, opt.value]));
    const mount: { -readonly [K in keyof RunMount]: RunMount[K] } = { type: m.type as RunMount['type'] };
    if (o.has('id')) mount.id = o.get('id')!;
    if (o.has('from')) mount.from = o.get('from')!;
    if (o.has('source')) mount.source = o.get('source')!;
    if (o.has('target')) mount.target = o.get('target')!;
    if (o.has('sharing')) mount.sharing = o.get('sharing') as RunMount['sharing'];
    if (o.has('readonly')) mount.readonly = true;
    if (o.has('required')) mount.required = true;
    return mount;
  });
}

function toInstr(ins: Instruction, comment: readonly string[] | undefined): Instr | FromInstr {
  const c = comment?.length ? { comment } : {};
  const values = ins.args.map((a) => a.value);
  switch (ins.keyword) {
    case 'FROM': {
      const platform = flag(ins, 'platform');
      return {
        kind: 'FROM',
        image: values[0]!,
        ...(values[2] ? { as: values[2] } : {}),
        ...(platform ? { platform } : {}),
        ...c,
      };
    }
    case 'ARG': {
      const d = ins.declarations[0]!;
      return {
        kind: 'ARG',
        name: d.name,
        ...(d.defaultValue !== undefined ? { default: unquote(d.defaultValue) } : {}),
        ...c,
      };
    }
    case 'ENV':
      return { kind: 'ENV', vars: ins.pairs.map((p) => [p.key, unquote(p.value)] as const), ...c };
    case 'LABEL':
      return { kind: 'LABEL', labels: ins.pairs.map((p) => [p.key, unquote(p.value)] as const), ...c };
    case 'WORKDIR':
      return { kind: 'WORKDIR', path: values[0]!, ...c };
    case 'RUN': {
      const m = mounts(ins);
      return {
        kind: 'RUN',
        ...(m.length ? { mounts: m } : {}),
        commands: splitCommands(ins.command?.text ?? ''),
        ...c,
      };
    }
    case 'COPY': {
      const from = flag(ins, 'from');
      const chown = flag(ins, 'chown');
      return {
        kind: 'COPY',
        ...(from ? { from } : {}),
        ...(chown ? { chown } : {}),
        sources: ins.sources.map((s) => s.value),
        dest: ins.destination!.value,
        ...c,
      };
    }
    case 'USER':
      return { kind: 'USER', user: values[0]!, ...c };
    case 'EXPOSE':
      return { kind: 'EXPOSE', ports: values.map(Number), ...c };
    case 'STOPSIGNAL':
      return { kind: 'STOPSIGNAL', signal: values[0]!, ...c };
    case 'CMD':
    case 'ENTRYPOINT':
      if (ins.form !== 'json') throw new Error(`${ins.keyword} at line ${ins.startLine} is not in exec form`);
      return { kind: ins.keyword, args: values, ...c };
    case 'HEALTHCHECK': {
      if (ins.form !== 'json') throw new Error(`HEALTHCHECK at line ${ins.startLine} is not in exec form`);
      const retries = flag(ins, 'retries');
      const interval = flag(ins, 'interval');
      const timeout = flag(ins, 'timeout');
      const startPeriod = flag(ins, 'start-period');
      return {
        kind: 'HEALTHCHECK',
        ...(interval ? { interval } : {}),
        ...(timeout ? { timeout } : {}),
        ...(startPeriod ? { startPeriod } : {}),
        ...(retries !== undefined ? { retries: Number(retries) } : {}),
        cmd: values.slice(1),
        ...c,
      };
    }
    default:
      throw new Error(`${ins.keyword} at line ${ins.startLine} is outside the generator's model`);
  }
}

export function dockerfileFromAst(ast: DockerfileAST): DockerfileModel {
  const line = (offset: number) => ast.source.positionAt(offset).line;
  const directiveLines = new Set(ast.directives.map((d) => line(d.range.start)));
  const commentByLine = new Map<number, string>();
  for (const c of ast.comments) {
    const l = line(c.range.start);
    if (!directiveLines.has(l)) commentByLine.set(l, c.text.startsWith(' ') ? c.text.slice(1) : c.text);
  }
  /** The comment block that ends right above `startLine`, consumed so it is not used twice. */
  const takeBlock = (startLine: number): string[] => {
    const block: string[] = [];
    for (let l = startLine - 1; commentByLine.has(l); l--) {
      block.unshift(commentByLine.get(l)!);
      commentByLine.delete(l);
    }
    return block;
  };
  const attached = ast.instructions.map((ins) => takeBlock(ins.startLine));
  // What is left before the first instruction is the header.
  const header = [...commentByLine.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);

  const syntax = ast.directives.find((d) => d.name === 'syntax')?.value;
  const globalArgs: ArgInstr[] = [];
  const stages: { from: FromInstr; instructions: Instr[] }[] = [];
  ast.instructions.forEach((ins, i) => {
    const instr = toInstr(ins, attached[i]);
    if (instr.kind === 'FROM') stages.push({ from: instr, instructions: [] });
    else if (stages.length === 0) {
      if (instr.kind !== 'ARG') throw new Error(`${instr.kind} before the first FROM`);
      globalArgs.push(instr);
    } else stages.at(-1)!.instructions.push(instr);
  });
  return {
    ...(syntax ? { syntax } : {}),
    header,
    globalArgs,
    stages: stages as StageModel[],
  };
}
