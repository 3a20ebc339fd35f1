/**
 * Compose-spec variable substitution, faithful to compose-go's `template` package.
 *
 * compose-go matches `$` expressions with one regular expression
 * (`\$(?i:(\$)|([_a-z][_a-z0-9]*)|{(?:([_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|()))`) and then
 * post-processes braced matches. This module reproduces that behaviour with a hand-written scanner
 * (one pass, offsets kept) instead of a regex, including its less obvious corners:
 *
 * - `$$` is a literal `$`; a `$` not followed by a name, `{` or `$` is kept as is (`$1`, `$ `, `$}`).
 * - Names are `[_A-Za-z][_A-Za-z0-9]*`. Go's case folding of `(?i)[a-z]` also admits `ſ` (U+017F)
 *   and `K` (U+212A, Kelvin sign), so those count as name characters too.
 * - `${NAME}` must close right after the name. With an operator (`:-` `-` `:+` `+` `:?` `?`) the
 *   regex's greedy `.*` runs to the last `}` on the line; compose-go then cuts that match at the
 *   first balanced `}` (counting every `{`, and skipping the character after each `{`, as
 *   `getFirstBraceClosingIndex` does) and substitutes the remainder as a separate template.
 *   `${VAR:-{"json":1}}` therefore defaults to `{"json":1}`.
 * - Anything else after `${` (`${`, `${}`, `${ VAR}`, `${VAR }`, `${VAR!}`, unclosed `${VAR:-x`) is
 *   an invalid template.
 *
 * Evaluation is lazy, as in Compose since the fix for docker/compose#12637: an operator's argument
 * (default, alternative value, error message) is only substituted when it is used, so variables in
 * unused branches are neither looked up nor reported unset, and a `${X:?}` in an unused branch does
 * not fail. Syntax errors are reported wherever they are, used branch or not (a template is either
 * valid or not, independent of the environment).
 */

export type Lookup = (name: string) => string | undefined;

export interface InterpolationResult {
  value: string;
  /** Referenced but unset variables (defaulted to "" or their default), in first-use order. */
  unset: string[];
  /** Every variable that was looked up, in first-use order. */
  used: string[];
  /**
   * Unset variables that had no default and were replaced by an empty string: the ones Compose warns
   * about ("The "X" variable is not set. Defaulting to a blank string."). A subset of `unset`.
   */
  blank: string[];
}

export type InterpolationErrorKind = 'required' | 'syntax';

export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
  constructor(
    message: string,
    /** UTF-16 offset into the template of the `$` that starts the offending expression. */
    readonly offset: number,
    readonly kind: InterpolationErrorKind,
    /** For `required` errors: the variable that is missing. */
    readonly variable?: string,
  ) {
    super(message);
  }
}

export type InterpolationOperator = ':-' | '-' | ':+' | '+' | ':?' | '?';

export interface VariableReference {
  name: string;
  /** Range [start, end) of the whole expression (`$VAR`, `${VAR}`, `${VAR:-default}`). */
  start: number;
  end: number;
  /** Raw (unsubstituted) default text for `:-` and `-`. */
  defaultValue?: string;
  /** `:?` and `?`. */
  required: boolean;
  operator?: InterpolationOperator;
}

/** Substitute `template` as Compose would; throws {@link InterpolationError}. */
export function interpolate(template: string, lookup: Lookup): InterpolationResult {
  const nodes = parse(template);
  const ctx: EvalContext = {
    template,
    lookup,
    used: new Set(),
    unset: new Set(),
    blank: new Set(),
  };
  const value = evaluate(nodes, ctx);
  return { value, unset: [...ctx.unset], used: [...ctx.used], blank: [...ctx.blank] };
}

/** Variables referenced by a template with their offsets (for lint rules and .env.example generation). */
export function referencedVariables(template: string): VariableReference[] {
  const out: VariableReference[] = [];
  collectReferences(parse(template), template, out);
  out.sort((a, b) => a.start - b.start);
  return out;
}

/** First syntax error of a template, or undefined when it is valid. Never throws. */
export function findSyntaxError(template: string): InterpolationError | undefined {
  try {
    checkSyntax(parse(template), template);
    return undefined;
  } catch (error) {
    if (error instanceof InterpolationError) return error;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface TextNode {
  readonly kind: 'text';
  readonly value: string;
}

interface VarNode {
  readonly kind: 'var';
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly op?: InterpolationOperator;
  /** Parsed operator argument, with its raw range. */
  readonly arg?: readonly Node[];
  readonly argStart?: number;
  readonly argEnd?: number;
}

interface InvalidNode {
  readonly kind: 'invalid';
  readonly start: number;
  readonly reason: 'syntax' | 'depth';
}

type Node = TextNode | VarNode | InvalidNode;

/** Deeper nesting than this is reported as a syntax error instead of risking the call stack. */
const MAX_DEPTH = 500;

function isNameStart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    c === 95 || // _
    c === 0x17f || // ſ folds to s under Go's (?i)
    c === 0x212a // Kelvin sign folds to k
  );
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isOpChar(c: number): boolean {
  return c === 45 /* - */ || c === 43 /* + */ || c === 63 /* ? */;
}

class Parser {
  /** Cached index of the next newline at or after some position (monotonic scan). */
  #nl = -1;
  #nlFrom = Number.POSITIVE_INFINITY;

  constructor(readonly t: string) {}

  lineEnd(from: number): number {
    if (!(from >= this.#nlFrom && from <= this.#nl)) {
      const nl = this.t.indexOf('\n', from);
      this.#nl = nl === -1 ? this.t.length : nl;
      this.#nlFrom = from;
    }
    return this.#nl;
  }

  /** compose-go's getFirstBraceClosingIndex over t[from, to): absolute index or -1. */
  firstBraceClosing(from: number, to: number): number {
    const t = this.t;
    let open = 0;
    for (let i = from; i < to; i++) {
      const c = t.charCodeAt(i);
      if (c === 125 /* } */) {
        open--;
        if (open === 0) return i;
      } else if (c === 123 /* { */) {
        open++;
        i++; // compose-go skips the character after every `{`
      }
    }
    return -1;
  }

  /** Parse t[from, to) as a template. Bounds are pushed for compose-go's "rest" sub-templates. */
  parse(from: number, to: number, depth: number): Node[] {
    const t = this.t;
    const nodes: Node[] = [];
    if (depth > MAX_DEPTH) {
      nodes.push({ kind: 'invalid', start: from, reason: 'depth' });
      return nodes;
    }
    // A stack of region ends: a "rest" region is parsed as its own template, then the outer one resumes.
    const bounds: number[] = [to];
    let bound = to;
    let i = from;
    let textStart = from;
    const flush = (end: number) => {
      if (end > textStart) nodes.push({ kind: 'text', value: t.slice(textStart, end) });
    };
    for (;;) {
      const d = i < bound ? t.indexOf('$', i) : -1;
      if (d === -1 || d >= bound) {
        // End of the current region.
        bounds.pop();
        const outer = bounds[bounds.length - 1];
        if (outer === undefined) break;
        i = bound;
        bound = outer;
        continue;
      }
      i = d;
      const c = i + 1 < bound ? t.charCodeAt(i + 1) : -1;
      if (c === 36 /* $ */) {
        flush(i + 1); // keep one `$`
        i += 2;
        textStart = i;
        continue;
      }
      if (isNameStart(c)) {
        let j = i + 2;
        while (j < bound && isNameChar(t.charCodeAt(j))) j++;
        flush(i);
        nodes.push({ kind: 'var', name: t.slice(i + 1, j), start: i, end: j });
        i = j;
        textStart = i;
        continue;
      }
      if (c !== 123 /* { */) {
        i++; // a lone `$` is literal text
        continue;
      }
      flush(i);
      const braced = this.braced(i, bound, depth);
      if (braced === undefined) {
        nodes.push({ kind: 'invalid', start: i, reason: 'syntax' });
        i += 2; // the regex's empty `invalid` group consumes `${`
        textStart = i;
        continue;
      }
      nodes.push(braced.node);
      if (braced.restEnd > braced.node.end) {
        // compose-go substitutes the rest of the greedy match as a separate template.
        bounds.push(braced.restEnd);
        bound = braced.restEnd;
      }
      i = braced.node.end;
      textStart = i;
    }
    flush(to);
    return nodes;
  }

  /** `${...}` at `i` within [i, bound): the node and where the regex match ended, or undefined if invalid. */
  braced(i: number, bound: number, depth: number): { node: VarNode; restEnd: number } | undefined {
    const t = this.t;
    let k = i + 2;
    if (!(k < bound && isNameStart(t.charCodeAt(k)))) return undefined;
    k++;
    while (k < bound && isNameChar(t.charCodeAt(k))) k++;
    const name = t.slice(i + 2, k);
    const c1 = k < bound ? t.charCodeAt(k) : -1;
    let opLen = 0;
    if (c1 === 58 /* : */ && k + 1 < bound && isOpChar(t.charCodeAt(k + 1))) opLen = 2;
    else if (isOpChar(c1)) opLen = 1;
    if (opLen > 0) {
      const argStart = k + opLen;
      const lineEnd = Math.min(this.lineEnd(argStart), bound);
      const close = lineEnd > argStart ? t.lastIndexOf('}', lineEnd - 1) : -1;
      if (close >= argStart) {
        const cut = this.firstBraceClosing(i, close + 1);
        const argEnd = cut === -1 ? close : cut;
        const op = t.slice(k, argStart) as InterpolationOperator;
        const arg = this.parse(argStart, argEnd, depth + 1);
        return {
          node: { kind: 'var', name, start: i, end: argEnd + 1, op, arg, argStart, argEnd },
          restEnd: close + 1,
        };
      }
      return undefined; // `.*}` failed and the operator is not `}`
    }
    if (c1 === 125 /* } */) return { node: { kind: 'var', name, start: i, end: k + 1 }, restEnd: k + 1 };
    return undefined;
  }
}

function parse(template: string): Node[] {
  return new Parser(template).parse(0, template.length, 0);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

interface EvalContext {
  readonly template: string;
  readonly lookup: Lookup;
  readonly used: Set<string>;
  readonly unset: Set<string>;
  readonly blank: Set<string>;
}

function syntaxError(template: string, node: InvalidNode): InterpolationError {
  const lineEnd = template.indexOf('\n', node.start);
  const end = Math.min(lineEnd === -1 ? template.length : lineEnd, node.start + 40);
  const snippet = template.slice(node.start, end) + (end < template.length && end !== lineEnd ? '…' : '');
  if (node.reason === 'depth') {
    return new InterpolationError(
      `Invalid template: variables nested more than ${MAX_DEPTH} levels deep at offset ${node.start}`,
      node.start,
      'syntax',
    );
  }
  return new InterpolationError(
    `Invalid template: ${JSON.stringify(snippet)} at offset ${node.start}: "\${" must be followed by a ` +
      `variable name, an optional :- - :+ + :? or ? operator, and "}" (write "$\${" for a literal "\${")`,
    node.start,
    'syntax',
  );
}

function lookupVar(ctx: EvalContext, name: string): string | undefined {
  const value = ctx.lookup(name);
  ctx.used.add(name);
  if (value === undefined) ctx.unset.add(name);
  return value;
}

function evaluate(nodes: readonly Node[], ctx: EvalContext): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      out += node.value;
      continue;
    }
    if (node.kind === 'invalid') throw syntaxError(ctx.template, node);
    out += evaluateVar(node, ctx);
  }
  return out;
}

function evaluateVar(node: VarNode, ctx: EvalContext): string {
  const { name, op } = node;
  const arg = node.arg ?? [];
  const value = lookupVar(ctx, name);
  let useArg: boolean;
  switch (op) {
    case undefined:
      if (value === undefined) ctx.blank.add(name);
      return value ?? '';
    case ':-':
      useArg = value === undefined || value === '';
      break;
    case '-':
      useArg = value === undefined;
      break;
    case ':+':
      useArg = value !== undefined && value !== '';
      break;
    case '+':
      useArg = value !== undefined;
      break;
    case ':?':
    case '?': {
      const missing = value === undefined || (op === ':?' && value === '');
      if (!missing) {
        checkSyntax(arg, ctx.template);
        return value ?? '';
      }
      const reason = evaluate(arg, ctx);
      throw new InterpolationError(
        reason === ''
          ? `required variable ${name} is missing a value`
          : `required variable ${name} is missing a value: ${reason}`,
        node.start,
        'required',
        name,
      );
    }
  }
  if (useArg) return evaluate(arg, ctx);
  checkSyntax(arg, ctx.template);
  return value ?? '';
}

function checkSyntax(nodes: readonly Node[], template: string): void {
  for (const node of nodes) {
    if (node.kind === 'invalid') throw syntaxError(template, node);
    if (node.kind === 'var' && node.arg) checkSyntax(node.arg, template);
  }
}

function collectReferences(nodes: readonly Node[], template: string, out: VariableReference[]): void {
  for (const node of nodes) {
    if (node.kind !== 'var') continue;
    const ref: VariableReference = {
      name: node.name,
      start: node.start,
      end: node.end,
      required: node.op === ':?' || node.op === '?',
    };
    if (node.op !== undefined) ref.operator = node.op;
    if ((node.op === ':-' || node.op === '-') && node.argStart !== undefined && node.argEnd !== undefined) {
      ref.defaultValue = template.slice(node.argStart, node.argEnd);
    }
    out.push(ref);
    if (node.arg) collectReferences(node.arg, template, out);
  }
}
