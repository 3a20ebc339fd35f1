import type { DockerfileAST, Instruction } from './ast.js';
import { goQuote } from './chars.js';

/** One instruction as BuildKit's `Node.Dump()` prints it (without the outer parentheses). */
export function dumpInstruction(instr: Instruction): string {
  let s = instr.keywordText.toLowerCase();
  if (instr.flags.length > 0) s += ` [${instr.flags.map((f) => goQuote(f.word)).join(' ')}]`;
  switch (instr.keyword) {
    case 'ONBUILD':
      if (instr.trigger) s += ` (${dumpInstruction(instr.trigger)})`;
      break;
    case 'ENV':
    case 'LABEL':
      for (const p of instr.pairs) {
        s += ` ${goQuote(p.key)} ${goQuote(p.value)} ${goQuote(p.form === 'equals' ? '=' : '')}`;
      }
      break;
    case 'UNKNOWN':
      s += ' ""';
      break;
    default:
      for (const a of instr.args) s += ` ${goQuote(a.value)}`;
  }
  return s.trim();
}

/** BuildKit's parser test dump: `(instruction "arg" ...)` per line. */
export function dumpBuildkit(ast: DockerfileAST): string {
  let out = '';
  for (const i of ast.instructions) out += `(${dumpInstruction(i)})\n`;
  return out;
}
