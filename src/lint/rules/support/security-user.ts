import type { Instruction, UserInstruction } from '../../../parse/dockerfile/ast.js';
import type { DockerfileModel, Stage } from '../../../parse/dockerfile/model.js';

/** The stage and the stages it builds on (`FROM build AS final` → final, build, …), nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !out.includes(s); s = s.baseStage) out.push(s);
  return out;
}

/** The USER instruction in effect at the end of `stage`, following `baseStage`; undefined when none is set. */
export function effectiveUser(stage: Stage): UserInstruction | undefined {
  for (const s of stageChain(stage)) {
    for (let i = s.instructions.length - 1; i >= 0; i--) {
      const ins = s.instructions[i] as Instruction;
      if (ins.keyword === 'USER') return ins;
    }
  }
  return undefined;
}

/** The USER value after variable expansion; undefined when it cannot be resolved statically. */
export function userValue(
  model: DockerfileModel,
  node: UserInstruction,
): { value: string; dynamic: boolean } | undefined {
  const raw = node.user?.value;
  if (raw === undefined) return undefined;
  if (!/[$]/.test(raw)) return { value: raw, dynamic: false };
  const r = model.expand(node, raw);
  if ('error' in r) return undefined;
  if (r.unmatched.length > 0 || r.value === '') return undefined;
  return { value: r.value, dynamic: true };
}

/** `root`, `0`, `root:…`, `0:…`. */
export function isRootUser(value: string): boolean {
  const user = value.split(':')[0]?.trim();
  return user === 'root' || (user !== undefined && /^0+$/.test(user));
}
