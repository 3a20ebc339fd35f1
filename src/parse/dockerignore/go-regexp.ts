/**
 * A linear-time interpreter for the part of Go's RE2 syntax that
 * moby/patternmatcher's glob→regexp translation can produce.
 *
 * Docker does not match `.dockerignore` globs with `filepath.Match`: it
 * rewrites each glob into a Go regular expression and runs that. The
 * rewrite passes `[`, `]`, `^` and backslash escapes straight through, so a
 * few glob spellings mean something else to Docker than to a shell
 * (`\d` is a digit class, `a^b` never matches, `[[:alpha:]]` is a POSIX
 * class, `[a?]` turns into `[a[^/]]`). To be exact we therefore build the
 * same regexp string Docker builds and interpret it with Go's rules
 * (flags `Perl`: OneLine, ClassNL, PerlX, UnicodeGroups; `.` excludes `\n`).
 *
 * Matching never backtracks: the pattern becomes a Thompson NFA which is run
 * as a lazily built DFA (states cached per input character), so `**` chains
 * cost O(path length) per path, never exponential.
 */

/** A Go `regexp.Compile` failure: Docker reports `syntax error in pattern` at match time. */
export class GoRegexpError extends Error {
  override readonly name = 'GoRegexpError';
}

type Pred = (cp: number) => boolean;

/** A set of code points: sorted inclusive ranges plus optional predicates (Unicode groups). */
interface CharSet {
  readonly ranges: readonly number[];
  readonly preds: readonly Pred[];
  readonly negated: boolean;
}

function inSet(set: CharSet, cp: number): boolean {
  let hit = false;
  const r = set.ranges;
  for (let i = 0; i < r.length; i += 2) {
    if (cp >= r[i]! && cp <= r[i + 1]!) {
      hit = true;
      break;
    }
  }
  if (!hit) for (const p of set.preds) if (p(cp)) hit = true;
  return hit !== set.negated;
}

type AssertKind = 'begin' | 'end' | 'wordb' | 'nwordb';

type Ast =
  | { readonly t: 'set'; readonly set: CharSet }
  | { readonly t: 'assert'; readonly kind: AssertKind }
  | { readonly t: 'cat'; readonly items: readonly Ast[] }
  | { readonly t: 'rep'; readonly op: '*' | '+' | '?'; readonly sub: Ast };

const ANY_BUT_NL: CharSet = { ranges: [0, 9, 11, 0x10ffff], preds: [], negated: false };

function lit(cp: number): Ast {
  return { t: 'set', set: { ranges: [cp, cp], preds: [], negated: false } };
}

const PERL: Record<string, number[]> = {
  d: [0x30, 0x39],
  s: [9, 10, 12, 13, 32, 32],
  w: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
};

const POSIX: Record<string, number[]> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0, 0x7f],
  blank: [9, 9, 32, 32],
  cntrl: [0, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [9, 13, 32, 32],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

const unicodeGroupCache = new Map<string, Pred | null>();

/**
 * `\pX` / `\p{Name}`: Go knows general categories (`L`, `Lu`, …), scripts
 * (`Greek`) and `Any`. We delegate membership to JS Unicode property escapes.
 */
function unicodeGroup(name: string): Pred | null {
  const cached = unicodeGroupCache.get(name);
  if (cached !== undefined) return cached;
  let pred: Pred | null = null;
  if (name === 'Any') pred = () => true;
  else {
    const candidates = /^[A-Z][a-z]?$/.test(name) ? [name] : [`Script=${name}`];
    for (const c of candidates) {
      try {
        const re = new RegExp(`^\\p{${c}}$`, 'u');
        pred = (cp) => re.test(String.fromCodePoint(cp));
        break;
      } catch {
        // not a property JS knows either
      }
    }
  }
  unicodeGroupCache.set(name, pred);
  return pred;
}

const isAlnum = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isOctal = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x37;
const hexVal = (c: number | undefined) => {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
};

/** Parser over code points, following regexp/syntax/parse.go for the features it supports. */
class Parser {
  readonly cps: number[];
  pos = 0;
  constructor(readonly src: string) {
    this.cps = Array.from(src, (ch) => ch.codePointAt(0)!);
  }

  fail(msg: string): never {
    throw new GoRegexpError(`error parsing regexp: ${msg} in \`${this.src}\``);
  }

  parse(): Ast {
    const frames: Ast[][] = [[]];
    const cps = this.cps;
    while (this.pos < cps.length) {
      const c = cps[this.pos]!;
      const items = frames[frames.length - 1]!;
      switch (c) {
        case 0x28: // (
          if (cps[this.pos + 1] === 0x3f) this.fail('unsupported group flags');
          frames.push([]);
          this.pos++;
          break;
        case 0x29: {
          // )
          if (frames.length === 1) this.fail('unexpected )');
          const done = frames.pop()!;
          frames[frames.length - 1]!.push({ t: 'cat', items: done });
          this.pos++;
          break;
        }
        case 0x7c: // |
          this.fail('alternation is not produced by glob translation');
          break;
        case 0x2a: // *
        case 0x2b: // +
        case 0x3f: {
          // ?
          const prev = items.pop();
          const op = String.fromCodePoint(c) as '*' | '+' | '?';
          if (!prev) this.fail(`missing argument to repetition operator: \`${op}\``);
          // Perl syntax forbids stacking repetition operators (`a**`).
          if (prev.t === 'rep') {
            this.fail(`invalid nested repetition operator: \`${prev.op}${op}\``);
          }
          this.pos++;
          // A trailing '?' makes it non-greedy, which does not change whether it matches.
          if (cps[this.pos] === 0x3f) this.pos++;
          items.push({ t: 'rep', op, sub: prev });
          break;
        }
        case 0x7b: // {
          if (/^\{\d+(,\d*)?\}/.test(String.fromCodePoint(...cps.slice(this.pos, this.pos + 12)))) {
            this.fail('counted repetition is not produced by glob translation');
          }
          items.push(lit(c));
          this.pos++;
          break;
        case 0x2e: // .
          items.push({ t: 'set', set: ANY_BUT_NL });
          this.pos++;
          break;
        case 0x5e: // ^
          items.push({ t: 'assert', kind: 'begin' });
          this.pos++;
          break;
        case 0x24: // $
          items.push({ t: 'assert', kind: 'end' });
          this.pos++;
          break;
        case 0x5b: // [
          items.push({ t: 'set', set: this.parseClass() });
          break;
        case 0x5c: // backslash
          this.parseBackslash(items);
          break;
        default:
          items.push(lit(c));
          this.pos++;
      }
    }
    if (frames.length !== 1) this.fail('missing closing )');
    return { t: 'cat', items: frames[0]! };
  }

  parseBackslash(items: Ast[]): void {
    const cps = this.cps;
    const c = cps[this.pos + 1];
    if (c === undefined) this.fail('trailing backslash at end of expression');
    switch (c) {
      case 0x41: // \A
        items.push({ t: 'assert', kind: 'begin' });
        this.pos += 2;
        return;
      case 0x7a: // \z
        items.push({ t: 'assert', kind: 'end' });
        this.pos += 2;
        return;
      case 0x62: // \b
        items.push({ t: 'assert', kind: 'wordb' });
        this.pos += 2;
        return;
      case 0x42: // \B
        items.push({ t: 'assert', kind: 'nwordb' });
        this.pos += 2;
        return;
      case 0x43: // \C
        this.fail('invalid escape sequence: `\\C`');
        break;
      case 0x51: {
        // \Q ... \E quotes literally
        let i = this.pos + 2;
        while (i < cps.length && !(cps[i] === 0x5c && cps[i + 1] === 0x45)) {
          items.push(lit(cps[i]!));
          i++;
        }
        this.pos = i < cps.length ? i + 2 : i;
        return;
      }
    }
    const group = this.tryUnicodeOrPerl();
    if (group) {
      items.push({ t: 'set', set: group });
      return;
    }
    items.push(lit(this.parseEscape()));
  }

  /** `\pL`, `\p{Greek}`, `\P…`, `\d`, `\s`, `\w` and negations, at `this.pos` (a backslash). */
  tryUnicodeOrPerl(): CharSet | undefined {
    const cps = this.cps;
    const c = cps[this.pos + 1];
    if (c === 0x70 || c === 0x50) {
      let negated = c === 0x50;
      let i = this.pos + 2;
      let name: string;
      if (cps[i] === undefined) this.fail('invalid character class range: `\\p`');
      if (cps[i] === 0x7b) {
        const close = cps.indexOf(0x7d, i);
        if (close < 0) this.fail('invalid character class range');
        name = String.fromCodePoint(...cps.slice(i + 1, close));
        i = close + 1;
      } else {
        name = String.fromCodePoint(cps[i]!);
        i++;
      }
      if (name.startsWith('^')) {
        negated = !negated;
        name = name.slice(1);
      }
      const pred = unicodeGroup(name);
      if (!pred) this.fail(`invalid character class range: \`\\p{${name}}\``);
      this.pos = i;
      return { ranges: [], preds: [pred], negated };
    }
    if (c !== undefined) {
      const lower = String.fromCodePoint(c | 0x20);
      const ranges = PERL[lower];
      if (ranges && (c === 0x64 || c === 0x73 || c === 0x77 || c === 0x44 || c === 0x53 || c === 0x57)) {
        this.pos += 2;
        return { ranges, preds: [], negated: c < 0x60 };
      }
    }
    return undefined;
  }

  /** A single escaped character (parse.go parseEscape); `this.pos` is at the backslash. */
  parseEscape(): number {
    const cps = this.cps;
    const c = cps[this.pos + 1];
    if (c === undefined) this.fail('trailing backslash at end of expression');
    if (c < 0x80 && !isAlnum(c)) {
      this.pos += 2;
      return c;
    }
    const bad = (): never => this.fail(`invalid escape sequence: \`\\${String.fromCodePoint(c)}\``);
    if (c >= 0x31 && c <= 0x37 && !isOctal(cps[this.pos + 2])) bad();
    if (c >= 0x30 && c <= 0x37) {
      let v = c - 0x30;
      let i = this.pos + 2;
      for (let k = 1; k < 3 && isOctal(cps[i]); k++, i++) v = v * 8 + cps[i]! - 0x30;
      this.pos = i;
      return v;
    }
    switch (c) {
      case 0x78: {
        // \x
        let i = this.pos + 2;
        if (cps[i] === 0x7b) {
          i++;
          let v = 0;
          let digits = 0;
          while (hexVal(cps[i]) >= 0) {
            v = v * 16 + hexVal(cps[i]);
            if (v > 0x10ffff) bad();
            i++;
            digits++;
          }
          if (digits === 0 || cps[i] !== 0x7d) bad();
          this.pos = i + 1;
          return v;
        }
        const h1 = hexVal(cps[i]);
        const h2 = hexVal(cps[i + 1]);
        if (h1 < 0 || h2 < 0) bad();
        this.pos = i + 2;
        return h1 * 16 + h2;
      }
      case 0x61:
        this.pos += 2;
        return 7;
      case 0x66:
        this.pos += 2;
        return 12;
      case 0x6e:
        this.pos += 2;
        return 10;
      case 0x72:
        this.pos += 2;
        return 13;
      case 0x74:
        this.pos += 2;
        return 9;
      case 0x76:
        this.pos += 2;
        return 11;
    }
    return bad();
  }

  /** parse.go parseClass with Perl flags; `this.pos` is at '['. */
  parseClass(): CharSet {
    const cps = this.cps;
    this.pos++;
    let negated = false;
    if (cps[this.pos] === 0x5e) {
      negated = true;
      this.pos++;
    }
    const ranges: number[] = [];
    const preds: Pred[] = [];
    let first = true;
    while (this.pos >= cps.length || cps[this.pos] !== 0x5d || first) {
      first = false;
      if (this.pos >= cps.length) this.fail('missing closing ]');
      // POSIX [:name:]
      if (cps[this.pos] === 0x5b && cps[this.pos + 1] === 0x3a) {
        const rest = String.fromCodePoint(...cps.slice(this.pos + 2));
        const close = rest.indexOf(':]');
        if (close >= 0) {
          let name = rest.slice(0, close);
          let neg = false;
          if (name.startsWith('^')) {
            neg = true;
            name = name.slice(1);
          }
          const r = POSIX[name];
          if (!r) this.fail(`invalid character class range: \`[:${rest.slice(0, close)}:]\``);
          if (neg) preds.push((cp) => !inSet({ ranges: r, preds: [], negated: false }, cp));
          else ranges.push(...r);
          this.pos += 2 + Array.from(rest.slice(0, close + 2)).length;
          continue;
        }
      }
      if (cps[this.pos] === 0x5c) {
        const group = this.tryUnicodeOrPerl();
        if (group) {
          preds.push((cp) => inSet(group, cp));
          continue;
        }
      }
      const lo = this.classChar();
      let hi = lo;
      if (cps[this.pos] === 0x2d && cps[this.pos + 1] !== undefined && cps[this.pos + 1] !== 0x5d) {
        this.pos++;
        hi = this.classChar();
        if (hi < lo) this.fail('invalid character class range');
      }
      ranges.push(lo, hi);
    }
    this.pos++; // ]
    return { ranges, preds, negated };
  }

  classChar(): number {
    const c = this.cps[this.pos];
    if (c === undefined) this.fail('missing closing ]');
    if (c === 0x5c) return this.parseEscape();
    this.pos++;
    return c;
  }
}

// ---------------------------------------------------------------------------
// Thompson NFA

const OP_SET = 0;
const OP_SPLIT = 1;
const OP_EMPTY = 2;
const OP_ASSERT = 3;
const OP_MATCH = 4;

interface Inst {
  op: number;
  out: number;
  out1: number;
  set?: CharSet;
  assert?: AssertKind;
}

class NfaBuilder {
  readonly insts: Inst[] = [];
  add(inst: Inst): number {
    this.insts.push(inst);
    return this.insts.length - 1;
  }
  /** Compile `ast` so that it continues to `next`; returns the entry instruction. */
  build(ast: Ast, next: number): number {
    switch (ast.t) {
      case 'set':
        return this.add({ op: OP_SET, out: next, out1: -1, set: ast.set });
      case 'assert':
        return this.add({ op: OP_ASSERT, out: next, out1: -1, assert: ast.kind });
      case 'cat': {
        let entry = next;
        for (let i = ast.items.length - 1; i >= 0; i--) entry = this.build(ast.items[i]!, entry);
        return entry;
      }
      case 'rep': {
        if (ast.op === '?') {
          const body = this.build(ast.sub, next);
          return this.add({ op: OP_SPLIT, out: body, out1: next });
        }
        const loop = this.add({ op: OP_SPLIT, out: -1, out1: next });
        const body = this.build(ast.sub, loop);
        this.insts[loop]!.out = body;
        return ast.op === '*' ? loop : body;
      }
    }
  }
}

const isWord = (cp: number) => cp === 0x5f || isAlnum(cp);

interface DState {
  /** Sorted NFA instruction ids: SET, MATCH and pending `end`/word assertions. */
  readonly ids: readonly number[];
  readonly match: boolean;
  readonly dead: boolean;
  readonly ascii: (DState | undefined)[];
  readonly other: Map<number, DState>;
  acceptAtEnd?: boolean;
  acceptAtEndEmpty?: boolean;
}

const MAX_DFA_STATES = 4096;

/** A compiled Go regexp (subset). `test` has Go `MatchString` semantics (a search). */
export class GoRegexp {
  readonly #insts: Inst[];
  readonly #start: number;
  readonly #needsContext: boolean;
  readonly #cache = new Map<string, DState>();
  #startState: DState | undefined;

  private constructor(
    readonly source: string,
    insts: Inst[],
    start: number,
  ) {
    this.#insts = insts;
    this.#start = start;
    this.#needsContext = insts.some(
      (i) => i.op === OP_ASSERT && (i.assert === 'wordb' || i.assert === 'nwordb'),
    );
  }

  /** Throws GoRegexpError where Go's `regexp.Compile` would fail. */
  static compile(source: string): GoRegexp {
    const ast = new Parser(source).parse();
    const b = new NfaBuilder();
    const match = b.add({ op: OP_MATCH, out: -1, out1: -1 });
    // Go's MatchString is a search; every regexp the glob translation emits starts
    // with `^`, so an anchored start is equivalent and we do not add a `.*?` prefix.
    const start = b.build(ast, match);
    return new GoRegexp(source, b.insts, start);
  }

  get instructionCount(): number {
    return this.#insts.length;
  }

  test(s: string): boolean {
    return this.#needsContext ? this.#simulate(s) : this.#runDfa(s);
  }

  // -- lazy DFA (no word-boundary assertions) -------------------------------

  #closure(seeds: readonly number[], atStart: boolean, atEnd: boolean): number[] {
    const insts = this.#insts;
    const seen = new Set<number>();
    const out: number[] = [];
    const stack = [...seeds].reverse();
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id < 0 || seen.has(id)) continue;
      seen.add(id);
      const inst = insts[id]!;
      switch (inst.op) {
        case OP_SET:
        case OP_MATCH:
          out.push(id);
          break;
        case OP_EMPTY:
          stack.push(inst.out);
          break;
        case OP_SPLIT:
          stack.push(inst.out1, inst.out);
          break;
        case OP_ASSERT:
          if (inst.assert === 'begin') {
            if (atStart) stack.push(inst.out);
          } else if (atEnd) stack.push(inst.out);
          else out.push(id); // pending until we know whether we are at the end
          break;
      }
    }
    return out.sort((a, b) => a - b);
  }

  #state(ids: number[]): DState {
    const key = ids.join(',');
    let st = this.#cache.get(key);
    if (!st) {
      if (this.#cache.size >= MAX_DFA_STATES) {
        this.#cache.clear();
        this.#startState = undefined;
      }
      st = {
        ids,
        match: ids.some((id) => this.#insts[id]!.op === OP_MATCH),
        dead: ids.length === 0,
        ascii: [],
        other: new Map(),
      };
      this.#cache.set(key, st);
    }
    return st;
  }

  #step(st: DState, cp: number): DState {
    const next: number[] = [];
    for (const id of st.ids) {
      const inst = this.#insts[id]!;
      if (inst.op === OP_SET && inSet(inst.set!, cp)) next.push(inst.out);
    }
    const ns = this.#state(this.#closure(next, false, false));
    if (cp < 128) st.ascii[cp] = ns;
    else st.other.set(cp, ns);
    return ns;
  }

  #acceptsAtEnd(st: DState, empty: boolean): boolean {
    const cached = empty ? st.acceptAtEndEmpty : st.acceptAtEnd;
    if (cached !== undefined) return cached;
    const pending = st.ids.filter((id) => this.#insts[id]!.op === OP_ASSERT);
    const ok = this.#closure(pending, empty, true).some((id) => this.#insts[id]!.op === OP_MATCH);
    if (empty) st.acceptAtEndEmpty = ok;
    else st.acceptAtEnd = ok;
    return ok;
  }

  #runDfa(s: string): boolean {
    let st = this.#startState;
    if (!st) {
      st = this.#state(this.#closure([this.#start], true, false));
      this.#startState = st;
    }
    if (st.match) return true;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      let cp = s.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      st = (cp < 128 ? st.ascii[cp] : st.other.get(cp)) ?? this.#step(st, cp);
      if (st.dead) return false;
      if (st.match) return true;
    }
    return this.#acceptsAtEnd(st, n === 0);
  }

  // -- plain NFA simulation, for patterns with \b or \B ----------------------

  #simulate(s: string): boolean {
    const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
    const insts = this.#insts;
    const closure = (seeds: number[], i: number): number[] => {
      const prevWord = i > 0 && isWord(cps[i - 1]!);
      const nextWord = i < cps.length && isWord(cps[i]!);
      const seen = new Set<number>();
      const out: number[] = [];
      const stack = [...seeds];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (id < 0 || seen.has(id)) continue;
        seen.add(id);
        const inst = insts[id]!;
        if (inst.op === OP_SET || inst.op === OP_MATCH) out.push(id);
        else if (inst.op === OP_EMPTY) stack.push(inst.out);
        else if (inst.op === OP_SPLIT) stack.push(inst.out, inst.out1);
        else {
          const ok =
            inst.assert === 'begin'
              ? i === 0
              : inst.assert === 'end'
                ? i === cps.length
                : inst.assert === 'wordb'
                  ? prevWord !== nextWord
                  : prevWord === nextWord;
          if (ok) stack.push(inst.out);
        }
      }
      return out;
    };
    let cur = closure([this.#start], 0);
    for (let i = 0; ; i++) {
      if (cur.some((id) => insts[id]!.op === OP_MATCH)) return true;
      if (i >= cps.length || cur.length === 0) return false;
      const cp = cps[i]!;
      const next: number[] = [];
      for (const id of cur) {
        const inst = insts[id]!;
        if (inst.op === OP_SET && inSet(inst.set!, cp)) next.push(inst.out);
      }
      cur = closure(next, i + 1);
    }
  }
}
