import type {
  JenkinsfileModel,
  JenkinsPost,
  JenkinsStage,
  JenkinsStep,
  JenkinsWhen,
} from '../model/jenkinsfile.js';

/**
 * Prints a declarative Jenkinsfile. Every string this printer makes is single-quoted Groovy (`'…'` or `'''…'''`),
 * which Groovy never interpolates: `$VAR` reaches the shell as written, so secrets are expanded by the shell and
 * masked by Jenkins instead of being baked into the script text.
 */

const INDENT = '  ';

/** A Groovy single-quoted string literal: `\` and `'` escaped, line breaks as `\n` (a `'…'` cannot span lines). */
export function groovyString(value: string): string {
  const body = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return `'${body}'`;
}

/**
 * The body of a `'''…'''` literal: `\` doubled (Groovy reads escapes here too, and `\` before a line break would
 * join lines), and a `'` escaped only where it could close the literal — before another `'` or at the very end.
 */
export function groovyTripleBody(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'(?='|$)/g, "\\'");
}

function indentLines(lines: readonly string[], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  return lines.map((l) => (l === '' ? '' : pad + l));
}

/** `sh '…'` for one line, `sh '''…'''` with the script indented for several. */
export function printSh(script: string, depth: number, label?: string): string[] {
  const pad = INDENT.repeat(depth);
  const prefix = label === undefined ? 'sh ' : `sh label: ${groovyString(label)}, script: `;
  if (!script.includes('\n')) return [`${pad}${prefix}${groovyString(script)}`];
  const inner = INDENT.repeat(depth + 1);
  const body = groovyTripleBody(script)
    .split('\n')
    .map((l) => (l === '' ? '' : inner + l));
  return [`${pad}${prefix}'''`, ...body, `${pad}'''`];
}

function printSteps(steps: readonly JenkinsStep[], depth: number): string[] {
  const out: string[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'sh':
        out.push(...printSh(step.script, depth, step.label));
        break;
      case 'raw':
        out.push(...indentLines(step.text.split('\n'), depth));
        break;
      case 'comment':
        out.push(
          ...indentLines(
            step.lines.map((l) => `// ${l}`.trimEnd()),
            depth,
          ),
        );
        break;
      case 'block':
        out.push(`${INDENT.repeat(depth)}${step.head} {`);
        out.push(...printSteps(step.body, depth + 1));
        out.push(`${INDENT.repeat(depth)}}`);
        break;
    }
  }
  return out;
}

/** `name { … }` around already-printed lines. */
function block(head: string, body: readonly string[], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  return [`${pad}${head} {`, ...body, `${pad}}`];
}

function printWhen(when: JenkinsWhen, depth: number): string[] {
  const inner: string[] = [];
  if (when.beforeAgent) inner.push(`${INDENT.repeat(depth + 1)}beforeAgent true`);
  if (when.beforeInput) inner.push(`${INDENT.repeat(depth + 1)}beforeInput true`);
  if (when.anyOf.length === 1) inner.push(`${INDENT.repeat(depth + 1)}${when.anyOf[0]}`);
  else inner.push(...block('anyOf', indentLines(when.anyOf, depth + 2), depth + 1));
  return block('when', inner, depth);
}

function printEnvironment(entries: readonly (readonly [string, string])[], depth: number): string[] {
  return block(
    'environment',
    entries.map(([k, v]) => `${INDENT.repeat(depth + 1)}${k} = ${v}`),
    depth,
  );
}

function printPost(post: JenkinsPost, depth: number): string[] {
  if (post.length === 0) return [];
  const body = post.flatMap((p) => block(p.condition, printSteps(p.steps, depth + 2), depth + 1));
  return block('post', body, depth);
}

function printStage(stage: JenkinsStage, depth: number): string[] {
  const d = depth + 1;
  const body: string[] = [];
  if (stage.comment)
    body.push(
      ...indentLines(
        stage.comment.map((l) => `// ${l}`.trimEnd()),
        d,
      ),
    );
  if (stage.agent) body.push(`${INDENT.repeat(d)}agent ${stage.agent}`);
  if (stage.when) body.push(...printWhen(stage.when, d));
  if (stage.options?.length) body.push(...block('options', indentLines(stage.options, d + 1), d));
  if (stage.input) {
    const i = stage.input;
    const lines = [`message ${groovyString(i.message)}`, `ok ${groovyString(i.ok)}`];
    if (i.submitter) lines.push(`submitter ${groovyString(i.submitter)}`);
    body.push(...block('input', indentLines(lines, d + 1), d));
  }
  if (stage.environment?.length) body.push(...printEnvironment(stage.environment, d));
  if (stage.stages)
    body.push(
      ...block(
        'stages',
        stage.stages.flatMap((s) => printStage(s, d + 1)),
        d,
      ),
    );
  else body.push(...block('steps', printSteps(stage.steps ?? [], d + 1), d));
  if (stage.post) body.push(...printPost(stage.post, d));
  return block(`stage(${groovyString(stage.name)})`, body, depth);
}

export function printJenkinsfile(model: JenkinsfileModel): string {
  const out: string[] = model.header.map((l) => `// ${l}`.trimEnd());
  const body: string[] = [`${INDENT}agent ${model.agent}`];
  if (model.options.length) body.push(...block('options', indentLines(model.options, 2), 1));
  if (model.environment.length) {
    const env: string[] = [];
    for (const e of model.environment) {
      if (e.comment) env.push(`${INDENT.repeat(2)}// ${e.comment}`);
      env.push(`${INDENT.repeat(2)}${e.name} = ${e.value}`);
    }
    body.push(...block('environment', env, 1));
  }
  body.push(
    ...block(
      'stages',
      model.stages.flatMap((s) => printStage(s, 2)),
      1,
    ),
  );
  body.push(...printPost(model.post, 1));
  out.push(...block('pipeline', body, 0));
  return `${out.join('\n')}\n`;
}
