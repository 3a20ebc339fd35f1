import { type Diagnostic, ParseError, type Range, type Severity, SourceFile } from '../../core/index.js';
import type {
  Arg,
  ArgDeclaration,
  Comment,
  Directive,
  DockerfileAST,
  EscapeToken,
  Flag,
  Heredoc,
  Instruction,
  InstructionForm,
  InstructionKeyword,
  KeyValue,
  Mount,
  MountOption,
} from './ast.js';
import {
  goQuote,
  isAsciiDigit,
  isAsciiLetter,
  isRegexSpace,
  isSpace,
  isTokenSpace,
  skipSpace,
  trimSpaceEnd,
} from './chars.js';
import { findHeredocOperators, parseHeredocWord } from './heredoc.js';
import { parseImageRef } from './image-ref.js';
import { MappedText } from './mapped-text.js';

export interface ParseOptions {
  /** File name used in diagnostics (default `Dockerfile`). */
  path?: string;
}

const KEYWORDS = new Set<string>([
  'add',
  'arg',
  'cmd',
  'copy',
  'entrypoint',
  'env',
  'expose',
  'from',
  'healthcheck',
  'label',
  'maintainer',
  'onbuild',
  'run',
  'shell',
  'stopsignal',
  'user',
  'volume',
  'workdir',
]);

const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** Flags each instruction accepts (BuildKit's instructions parser rejects others). */
const KNOWN_FLAGS: Partial<Record<InstructionKeyword, ReadonlySet<string>>> = {
  FROM: new Set(['platform']),
  RUN: new Set(['mount', 'network', 'security', 'device']),
  COPY: new Set(['from', 'chown', 'chmod', 'link', 'parents', 'exclude']),
  ADD: new Set(['chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude', 'parents', 'unpack']),
  HEALTHCHECK: new Set(['interval', 'timeout', 'start-period', 'start-interval', 'retries']),
};

interface Line {
  /** Offset of the first character (after a BOM on line 0). */
  readonly start: number;
  /** End of the content without trailing `\r` / `\n`. */
  readonly contentEnd: number;
  /** Offset after the `\n` (or end of text). */
  readonly end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (start < n) {
    let nl = text.indexOf('\n', start);
    const end = nl < 0 ? n : nl + 1;
    if (nl < 0) nl = n;
    let ce = nl;
    while (ce > start && text.charCodeAt(ce - 1) === 13) ce--;
    lines.push({ start, contentEnd: ce, end });
    start = end;
  }
  return lines;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Word {
  value: string;
  start: number;
  end: number;
}

/** Parser state for one logical line (offsets are into `lt.text`). */
interface Logical {
  readonly text: string;
  readonly map: MappedText;
  readonly startLine: number;
  readonly endLine: number;
  readonly comments: Comment[];
  readonly emptyContinuationLines: Range[];
  readonly continuations: Range[];
}

class DockerfileParser {
  readonly source: SourceFile;
  readonly text: string;
  readonly lines: Line[];
  readonly diagnostics: Diagnostic[] = [];
  readonly directives: Directive[] = [];
  readonly comments: Comment[] = [];
  readonly instructions: Instruction[] = [];
  escape: EscapeToken = '\\';
  #directivesDone = false;
  readonly #seenDirectives = new Set<string>();

  constructor(text: string, path: string) {
    this.text = text;
    this.source = new SourceFile(path, text);
    this.lines = splitLines(text);
  }

  diag(range: Range, severity: Severity, code: string, message: string, hint?: string): void {
    const d: Mutable<Diagnostic> = {
      file: this.source.path,
      range,
      start: this.source.positionAt(range.start),
      end: this.source.positionAt(range.end),
      severity,
      message,
      code,
    };
    if (hint !== undefined) d.hint = hint;
    this.diagnostics.push(d);
  }

  error(range: Range, code: string, message: string, hint?: string): void {
    this.diag(range, 'error', code, message, hint);
  }

  parse(): DockerfileAST {
    const { lines, text } = this;
    let i = 0;
    while (i < lines.length) {
      const line = lines[i]!;
      const lt = skipSpace(text, line.start, line.contentEnd);
      if (this.#possibleDirective(lt, line.contentEnd)) {
        i++;
        continue;
      }
      if (lt === line.contentEnd) {
        i++;
        continue;
      }
      if (text.charCodeAt(lt) === 0x23 /* # */) {
        this.comments.push({
          range: { start: lt, end: line.contentEnd },
          text: text.slice(lt + 1, line.contentEnd),
        });
        i++;
        continue;
      }
      i = this.#instruction(i, lt);
    }
    if (this.instructions.length === 0) {
      const end = text.length;
      this.error({ start: end, end }, 'dockerfile/no-instructions', 'file with no instructions');
    }
    return {
      source: this.source,
      directives: this.directives,
      escapeToken: this.escape,
      instructions: this.instructions,
      comments: this.comments,
      diagnostics: this.diagnostics,
    };
  }

  /** BuildKit's directive parser; true when the line is a (valid-keyed) directive. */
  #possibleDirective(start: number, end: number): boolean {
    if (this.#directivesDone) return false;
    const t = this.text;
    const done = (): false => {
      this.#directivesDone = true;
      return false;
    };
    if (t.charCodeAt(start) !== 0x23) return done();
    let p = start + 1;
    while (p < end && isRegexSpace(t.charCodeAt(p))) p++;
    const nameStart = p;
    if (p >= end || !isAsciiLetter(t.charCodeAt(p))) return done();
    while (p < end && (isAsciiLetter(t.charCodeAt(p)) || isAsciiDigit(t.charCodeAt(p)))) p++;
    const nameEnd = p;
    while (p < end && isRegexSpace(t.charCodeAt(p))) p++;
    if (p >= end || t.charCodeAt(p) !== 0x3d /* = */) return done();
    p++;
    const afterEq = p;
    while (p < end && isRegexSpace(t.charCodeAt(p))) p++;
    let vs = p;
    let ve = end;
    while (ve > vs && isRegexSpace(t.charCodeAt(ve - 1))) ve--;
    if (vs === ve) {
      // `(.+?)` needs one character: the last blank becomes the value.
      if (end === afterEq) return done();
      vs = end - 1;
      ve = end;
    }
    const name = t.slice(nameStart, nameEnd).toLowerCase();
    if (!VALID_DIRECTIVES.has(name)) return done();
    const range = { start, end };
    if (this.#seenDirectives.has(name)) {
      this.error(range, 'dockerfile/duplicate-directive', `only one ${name} parser directive can be used`);
      this.comments.push({ range, text: t.slice(start + 1, end) });
      return true;
    }
    this.#seenDirectives.add(name);
    const value = t.slice(vs, ve);
    if (name === 'escape') {
      if (value !== '`' && value !== '\\') {
        this.error(
          { start: vs, end: ve },
          'dockerfile/invalid-escape',
          `invalid escape token '${value}' does not match \` or \\`,
        );
        this.comments.push({ range, text: t.slice(start + 1, end) });
        return true;
      }
      this.escape = value;
    }
    this.directives.push({
      name,
      value,
      range,
      nameRange: { start: nameStart, end: nameEnd },
      valueRange: { start: vs, end: ve },
    });
    return true;
  }

  /**
   * BuildKit's line-continuation test on [start, end): returns the end of the kept
   * content when the line continues, or -1.
   */
  #continuation(start: number, end: number): number {
    const t = this.text;
    let e = end;
    while (e > start && (t.charCodeAt(e - 1) === 0x20 || t.charCodeAt(e - 1) === 0x09)) e--;
    if (e === start || t[e - 1] !== this.escape) return -1;
    if (e - 1 === start) return start;
    if (t[e - 2] === this.escape) return -1;
    return e - 1;
  }

  /** Parse the instruction whose first line is `first` (content starting at `lt`); returns the next line index. */
  #instruction(first: number, lt: number): number {
    const { lines, text } = this;
    const line = lines[first]!;
    const textStarts: number[] = [];
    const sourceStarts: number[] = [];
    let logical = '';
    const continuations: Range[] = [];
    const comments: Comment[] = [];
    const empty: Range[] = [];
    let lastContentEnd = line.contentEnd;
    const push = (s: number, e: number) => {
      if (e > s || textStarts.length === 0) {
        textStarts.push(logical.length);
        sourceStarts.push(s);
        logical += text.slice(s, e);
      }
    };
    let kept = this.#continuation(lt, line.contentEnd);
    let eol = kept < 0;
    push(lt, eol ? line.contentEnd : kept);
    if (!eol) continuations.push({ start: kept, end: kept + 1 });
    let i = first;
    while (!eol && i + 1 < lines.length) {
      i++;
      const l = lines[i]!;
      const nonSpace = skipSpace(text, l.start, l.contentEnd);
      this.#possibleDirective(l.start, l.contentEnd);
      if (nonSpace < l.contentEnd && text.charCodeAt(nonSpace) === 0x23) {
        comments.push({
          range: { start: nonSpace, end: l.contentEnd },
          text: text.slice(nonSpace + 1, l.contentEnd),
        });
        lastContentEnd = l.contentEnd;
        continue;
      }
      if (nonSpace === l.contentEnd) {
        empty.push({ start: l.start, end: l.contentEnd });
        continue;
      }
      kept = this.#continuation(l.start, l.contentEnd);
      eol = kept < 0;
      push(l.start, eol ? l.contentEnd : kept);
      if (!eol) continuations.push({ start: kept, end: kept + 1 });
      lastContentEnd = l.contentEnd;
    }
    const map = new MappedText(logical, textStarts, sourceStarts);
    const lg: Logical = {
      text: logical,
      map,
      startLine: first + 1,
      endLine: i + 1,
      comments,
      emptyContinuationLines: empty,
      continuations,
    };
    const instr = this.#parseLine(lg, 0, logical.length);
    let endLine = i + 1;
    let rangeEnd = trimSpaceEnd(text, lt, lastContentEnd);
    // Heredocs: bodies follow the instruction line.
    const target = instr.keyword === 'ONBUILD' ? instr.trigger : instr;
    if (
      target &&
      (target.keyword === 'RUN' || target.keyword === 'COPY' || target.keyword === 'ADD') &&
      target.form !== 'json' &&
      logical.includes('<<')
    ) {
      const ops = findHeredocOperators(logical);
      const heredocs: Heredoc[] = [];
      for (const op of ops) {
        let content = '';
        let terminated = false;
        const bodyStart = i + 1 < lines.length ? lines[i + 1]!.start : text.length;
        let bodyEnd = bodyStart;
        let delimiterRange: Range | undefined;
        while (i + 1 < lines.length) {
          i++;
          const l = lines[i]!;
          let ts = l.start;
          if (op.chomp) while (ts < l.contentEnd && text.charCodeAt(ts) === 0x09) ts++;
          if (l.contentEnd - ts === op.name.length && text.startsWith(op.name, ts)) {
            terminated = true;
            delimiterRange = { start: l.start, end: l.contentEnd };
            rangeEnd = l.contentEnd;
            break;
          }
          content += text.slice(l.start, l.end);
          bodyEnd = l.end;
          rangeEnd = trimSpaceEnd(text, l.start, l.contentEnd) > l.start ? l.contentEnd : rangeEnd;
        }
        endLine = i + 1;
        const opRange = map.rangeToSource(op.start, op.end);
        if (!terminated) {
          rangeEnd = Math.max(rangeEnd, trimSpaceEnd(text, bodyStart, text.length));
          this.error(
            opRange,
            'dockerfile/unterminated-heredoc',
            'unterminated heredoc',
            `add a line "${op.name}"`,
          );
        }
        const h: Mutable<Heredoc> = {
          name: op.name,
          expand: op.expand,
          chomp: op.chomp,
          content,
          body: MappedText.contiguous(content, bodyStart),
          range: opRange,
          bodyRange: { start: bodyStart, end: bodyEnd },
        };
        if (op.fileDescriptor !== undefined) h.fileDescriptor = op.fileDescriptor;
        if (delimiterRange) h.delimiterRange = delimiterRange;
        heredocs.push(h);
      }
      attachHeredocs(instr, heredocs);
      if (instr !== target && target) attachHeredocs(target, heredocs);
    }
    const m = instr as Mutable<Instruction>;
    m.range = { start: lt, end: Math.max(rangeEnd, instr.keywordRange.end) };
    m.endLine = endLine;
    if (instr.keyword === 'ONBUILD' && instr.trigger) {
      const t = instr.trigger as Mutable<Instruction>;
      t.range = { start: t.range.start, end: m.range.end };
      t.endLine = endLine;
    }
    this.instructions.push(instr);
    return i + 1;
  }

  /** BuildKit's `newNodeFromLine` on `lg.text[start, end)`, plus instruction-level checks. */
  #parseLine(lg: Logical, start: number, end: number): Instruction {
    const L = lg.text;
    const R = (a: number, b: number): Range => lg.map.rangeToSource(a, b);
    const ts = skipSpace(L, start, end);
    const te = trimSpaceEnd(L, ts, end);
    let ke = ts;
    while (ke < te && !isTokenSpace(L.charCodeAt(ke))) ke++;
    let rs = ke;
    while (rs < te && isTokenSpace(L.charCodeAt(rs))) rs++;
    const keywordText = L.slice(ts, ke);
    const lower = keywordText.toLowerCase();
    const keyword = (KEYWORDS.has(lower) ? lower.toUpperCase() : 'UNKNOWN') as Instruction['keyword'];
    const keywordRange = R(ts, ke);
    const { flags, argsStart } = extractFlags(L, rs, te, lg.map);
    const as = skipSpace(L, argsStart, te);
    const argsText = lg.map.slice(as, te);
    const instr: Mutable<Instruction> & Record<string, unknown> = {
      keyword,
      keywordText,
      keywordRange,
      range: R(ts, te),
      startLine: lg.startLine,
      endLine: lg.endLine,
      flags,
      args: [],
      form: 'none' as InstructionForm,
      heredocs: [],
      line: lg.map.slice(ts, te),
      argsText,
      comments: lg.comments,
      emptyContinuationLines: lg.emptyContinuationLines,
      continuations: lg.continuations,
    } as Mutable<Instruction> & Record<string, unknown>;
    const argsRange = R(as, te);
    const word = (a: number, b: number, value = L.slice(a, b)): Arg => ({
      value,
      raw: L.slice(a, b),
      range: R(a, b),
    });
    const fail = (
      code: string,
      message: string,
      range: Range = argsRange.end > argsRange.start ? argsRange : keywordRange,
    ) => this.error(range, code, message);

    const known = KNOWN_FLAGS[keyword as InstructionKeyword];
    if (keyword !== 'UNKNOWN' && keyword !== 'ONBUILD') {
      for (const f of flags) {
        if (!known?.has(f.name))
          this.error(f.nameRange, 'dockerfile/unknown-flag', `unknown flag: ${f.name}`);
      }
    }
    const flag = (name: string): Flag | undefined => flags.find((f) => f.name === name);
    const setFlag = (prop: string, name: string) => {
      const f = flag(name);
      if (f) instr[prop] = f;
    };

    /** parseMaybeJSON: JSON array of strings, else one shell-form argument. */
    const maybeJSON = (a: number, b: number): { args: Arg[]; form: InstructionForm } => {
      if (a >= b) return { args: [], form: 'none' };
      const j = parseJSONArray(L, a, b);
      if (j === 'not-json') return { args: [word(a, b)], form: 'shell' };
      if (j === 'not-strings') {
        this.error(
          R(a, b),
          'dockerfile/json-not-string-array',
          'when using JSON array syntax, arrays must be comprised of strings only',
        );
        return { args: [], form: 'json' };
      }
      return { args: j.map((e) => word(e.start, e.end, e.value)), form: 'json' };
    };
    const maybeJSONToList = (a: number, b: number): { args: Arg[]; form: InstructionForm } => {
      const j = a < b ? parseJSONArray(L, a, b) : 'not-json';
      if (j === 'not-json')
        return { args: splitWhitespace(L, a, b).map((w) => word(w.start, w.end)), form: 'shell' };
      if (j === 'not-strings') {
        this.error(
          R(a, b),
          'dockerfile/json-not-string-array',
          'when using JSON array syntax, arrays must be comprised of strings only',
        );
        return { args: [], form: 'json' };
      }
      return { args: j.map((e) => word(e.start, e.end, e.value)), form: 'json' };
    };
    const errorsBefore = this.diagnostics.length;
    const requireArgs = (n: number, what = 'argument') => {
      if (instr.args.length < n && this.diagnostics.length === errorsBefore) {
        const name = keyword === 'UNKNOWN' ? keywordText : keyword;
        fail(
          'dockerfile/missing-argument',
          n === 1 ? `${name} requires at least one ${what}` : `${name} requires at least ${n} arguments`,
        );
        return false;
      }
      return true;
    };

    switch (keyword) {
      case 'RUN':
      case 'CMD':
      case 'ENTRYPOINT':
      case 'SHELL': {
        const r = maybeJSON(as, te);
        instr.args = r.args;
        instr.form = r.form;
        if (r.form === 'shell' && keyword !== 'SHELL') instr.command = argsText;
        if (keyword === 'SHELL') {
          if (r.form === 'shell')
            fail('dockerfile/shell-requires-json', 'SHELL requires the arguments to be in JSON form');
          else requireArgs(1);
        }
        if (keyword === 'RUN') {
          const mounts: Mount[] = [];
          for (const f of flags) if (f.name === 'mount') mounts.push(parseMount(f));
          instr.mounts = mounts;
          setFlag('network', 'network');
          setFlag('security', 'security');
        }
        break;
      }
      case 'COPY':
      case 'ADD':
      case 'VOLUME': {
        const r = maybeJSONToList(as, te);
        instr.args = r.args;
        instr.form = r.form;
        if (keyword === 'VOLUME') {
          instr.paths = r.args;
          requireArgs(1);
        } else {
          instr.sources = r.args.slice(0, -1);
          if (r.args.length > 0) instr.destination = r.args[r.args.length - 1];
          for (const name of ['chown', 'chmod', 'link', 'from', 'checksum']) setFlag(name, name);
          requireArgs(2);
        }
        break;
      }
      case 'FROM':
      case 'EXPOSE': {
        instr.args = splitWhitespace(L, as, te).map((w) => word(w.start, w.end));
        if (keyword === 'EXPOSE') {
          instr.ports = instr.args;
          requireArgs(1);
          break;
        }
        setFlag('platform', 'platform');
        const a = instr.args;
        if (a.length === 0) {
          requireArgs(1);
          break;
        }
        const img = a[0]!;
        const ws = splitWhitespace(L, as, te)[0]!;
        instr.image = parseImageRef(img.raw, (x, y) => R(ws.start + x, ws.start + y));
        if (a.length !== 1 && a.length !== 3) {
          fail('dockerfile/invalid-from', 'FROM requires either one or three arguments');
        } else if (a.length === 3) {
          if (a[1]!.value.toLowerCase() !== 'as') {
            this.error(a[1]!.range, 'dockerfile/invalid-from', "Expected 'AS', found '" + a[1]!.value + "'");
          } else {
            instr.asRange = a[1]!.range;
            instr.stageName = a[2]!;
            if (!/^[a-z][a-z0-9\-_.]*$/.test(a[2]!.value.toLowerCase())) {
              this.error(
                a[2]!.range,
                'dockerfile/invalid-stage-name',
                `invalid name for build stage: "${a[2]!.value}", name can't start with a number or contain symbols`,
              );
            }
          }
        }
        break;
      }
      case 'ARG': {
        const ws = parseWords(L, as, te, this.escape);
        instr.args = ws.map((w) => word(w.start, w.end, w.value));
        const decls: ArgDeclaration[] = [];
        for (const w of ws) {
          const eq = w.value.indexOf('=');
          const d: Mutable<ArgDeclaration> = {
            name: eq < 0 ? w.value : w.value.slice(0, eq),
            range: R(w.start, w.end),
            nameRange: R(w.start, eq < 0 ? w.end : w.start + eq),
          };
          if (eq >= 0) {
            d.defaultValue = w.value.slice(eq + 1);
            d.defaultRange = R(w.start + eq + 1, w.end);
          }
          decls.push(d);
        }
        instr.declarations = decls;
        requireArgs(1);
        break;
      }
      case 'ENV':
      case 'LABEL': {
        const pairs: KeyValue[] = [];
        const ws = parseWords(L, as, te, this.escape);
        if (ws.length > 0 && !ws[0]!.value.includes('=')) {
          let k = as;
          while (k < te && !isTokenSpace(L.charCodeAt(k))) k++;
          let v = k;
          while (v < te && isTokenSpace(L.charCodeAt(v))) v++;
          if (k === te) {
            fail('dockerfile/missing-value', `${keyword} must have two arguments`);
          } else {
            pairs.push({
              key: L.slice(as, k),
              value: L.slice(v, te),
              form: 'legacy',
              range: R(as, te),
              keyRange: R(as, k),
              valueRange: R(v, te),
            });
          }
        } else {
          for (const w of ws) {
            const eq = w.value.indexOf('=');
            if (eq < 0) {
              this.error(
                R(w.start, w.end),
                'dockerfile/invalid-key-value',
                `Syntax error - can't find = in ${goQuote(w.value)}. Must be of the form: name=value`,
              );
              continue;
            }
            pairs.push({
              key: w.value.slice(0, eq),
              value: w.value.slice(eq + 1),
              form: 'equals',
              range: R(w.start, w.end),
              keyRange: R(w.start, w.start + eq),
              valueRange: R(w.start + eq + 1, w.end),
            });
          }
        }
        instr.pairs = pairs;
        instr.args = pairs.map((p) => ({
          value: this.text.slice(p.range.start, p.range.end),
          raw: this.text.slice(p.range.start, p.range.end),
          range: p.range,
        }));
        if (ws.length === 0) fail('dockerfile/missing-argument', `${keyword} requires at least one argument`);
        break;
      }
      case 'MAINTAINER':
      case 'STOPSIGNAL':
      case 'USER':
      case 'WORKDIR': {
        if (as < te) instr.args = [word(as, te)];
        const prop = { MAINTAINER: 'maintainer', STOPSIGNAL: 'signal', USER: 'user', WORKDIR: 'path' }[
          keyword
        ];
        if (instr.args[0]) instr[prop] = instr.args[0];
        requireArgs(1);
        break;
      }
      case 'HEALTHCHECK': {
        let sep = as;
        while (sep < te && !isSpace(L.charCodeAt(sep))) sep++;
        if (sep === as) {
          fail('dockerfile/missing-argument', 'HEALTHCHECK requires at least one argument');
          break;
        }
        const next = skipSpace(L, sep, te);
        const kind = word(as, sep);
        instr.kind = kind;
        const r = maybeJSON(next, te);
        instr.args = [kind, ...r.args];
        instr.form = r.form;
        if (r.form === 'shell') instr.command = lg.map.slice(next, te);
        const k = kind.value.toUpperCase();
        if (k === 'NONE') {
          if (r.args.length > 0)
            fail('dockerfile/invalid-healthcheck', 'HEALTHCHECK NONE takes no arguments');
        } else if (k === 'CMD') {
          if (r.args.length === 0 && this.diagnostics.length === errorsBefore)
            this.error(kind.range, 'dockerfile/invalid-healthcheck', 'Missing command after HEALTHCHECK CMD');
        } else {
          this.error(
            kind.range,
            'dockerfile/invalid-healthcheck',
            `Unknown type ${goQuote(kind.value)} in HEALTHCHECK (try CMD)`,
          );
        }
        break;
      }
      case 'ONBUILD': {
        if (as >= te) {
          fail('dockerfile/missing-argument', 'ONBUILD requires at least one argument');
          break;
        }
        const trigger = this.#parseLine(lg, as, te);
        instr.trigger = trigger;
        instr.args = [word(as, te)];
        const tk = trigger.keyword;
        if (tk === 'ONBUILD' || tk === 'FROM' || tk === 'MAINTAINER') {
          this.error(
            trigger.keywordRange,
            'dockerfile/invalid-onbuild',
            `${tk} isn't allowed as an ONBUILD trigger`,
          );
        }
        break;
      }
      default: {
        const name = keywordText;
        this.error(
          keywordRange.end > keywordRange.start ? keywordRange : R(ts, te),
          'dockerfile/unknown-instruction',
          name === '' ? 'empty instruction' : `unknown instruction: ${name}`,
          unknownHint(lower),
        );
      }
    }
    return instr as Instruction;
  }
}

function unknownHint(lower: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of KEYWORDS) {
    const d = editDistance(lower, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best ? `did you mean ${best.toUpperCase()}?` : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function attachHeredocs(instr: Instruction, heredocs: Heredoc[]): void {
  const m = instr as Mutable<Instruction>;
  m.heredocs = heredocs;
  if (heredocs.length === 0) return;
  const byName = new Map(heredocs.map((h) => [h.name, h]));
  const withDoc = (a: Arg): Arg => {
    const op = parseHeredocWord(a.value);
    const h = op ? byName.get(op.name) : undefined;
    return h ? { ...a, heredoc: h } : a;
  };
  m.args = instr.args.map(withDoc);
  if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
    const c = instr as Mutable<typeof instr>;
    c.sources = instr.sources.map(withDoc);
  }
}

/** BuildKit's `extractBuilderFlags` (always `\` as escape). */
function extractFlags(
  L: string,
  start: number,
  end: number,
  map: MappedText,
): { flags: Flag[]; argsStart: number } {
  const R = (a: number, b: number): Range => map.rangeToSource(a, b);
  const flags: Flag[] = [];
  let phase = 0; // 0 spaces, 1 word, 2 quote
  let quote = '';
  let blankOK = false;
  let chars = '';
  let offs: number[] = [];
  let wstart = 0;
  const pushWord = (wend: number) => {
    const eq = chars.indexOf('=');
    const name = eq < 0 ? chars.slice(2) : chars.slice(2, eq);
    const f: Mutable<Flag> = {
      name,
      value: eq < 0 ? undefined : chars.slice(eq + 1),
      word: chars,
      range: R(wstart, wend),
      nameRange: R(wstart, eq < 0 ? wend : offs[eq]!),
    };
    if (eq >= 0) {
      f.valueRange = R(offs[eq]! + 1, wend);
      f.valueOffsets = offs.slice(eq + 1).map((o) => map.toSource(o));
    }
    flags.push(f);
  };
  for (let pos = start; pos <= end; pos++) {
    const ch = pos < end ? L[pos]! : '';
    if (phase === 0) {
      if (pos === end) break;
      if (isSpace(ch.charCodeAt(0))) continue;
      if (ch !== '-' || pos + 1 === end || L[pos + 1] !== '-') return { flags, argsStart: pos };
      phase = 1;
      wstart = pos;
    }
    if (pos === end) {
      if (chars !== '--' && (blankOK || chars.length > 0)) pushWord(end);
      break;
    }
    if (phase === 1) {
      if (isSpace(ch.charCodeAt(0))) {
        phase = 0;
        if (chars === '--') return { flags, argsStart: pos };
        if (blankOK || chars.length > 0) pushWord(pos);
        chars = '';
        offs = [];
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 2;
        continue;
      }
      let c = ch;
      if (c === '\\') {
        if (pos + 1 === end) continue;
        pos++;
        c = L[pos]!;
      }
      chars += c;
      offs.push(pos);
      continue;
    }
    // in quote
    if (ch === quote) {
      phase = 1;
      continue;
    }
    let c = ch;
    if (c === '\\') {
      if (pos + 1 === end) {
        phase = 1;
        continue;
      }
      pos++;
      c = L[pos]!;
    }
    chars += c;
    offs.push(pos);
  }
  return { flags, argsStart: end };
}

/** BuildKit's `parseWords`: words with quotes and escapes kept. */
function parseWords(L: string, start: number, end: number, esc: string): Word[] {
  const words: Word[] = [];
  let phase = 0;
  let quote = '';
  let blankOK = false;
  let buf = '';
  let wstart = 0;
  for (let pos = start; pos <= end; pos++) {
    let ch = pos < end ? L[pos]! : '';
    if (phase === 0) {
      if (pos === end) break;
      if (isSpace(ch.charCodeAt(0))) continue;
      phase = 1;
      wstart = pos;
    }
    if (pos === end) {
      if (blankOK || buf.length > 0) words.push({ value: buf, start: wstart, end });
      break;
    }
    if (phase === 1) {
      if (isSpace(ch.charCodeAt(0))) {
        phase = 0;
        if (blankOK || buf.length > 0) words.push({ value: buf, start: wstart, end: pos });
        buf = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 2;
      }
      if (ch === esc) {
        if (pos + 1 === end) continue;
        buf += ch;
        pos++;
        ch = L[pos]!;
      }
      buf += ch;
      continue;
    }
    if (ch === quote) phase = 1;
    if (ch === esc && quote !== "'") {
      if (pos + 1 === end) {
        phase = 1;
        continue;
      }
      pos++;
      buf += ch;
      ch = L[pos]!;
    }
    buf += ch;
  }
  return words;
}

/** `reWhitespace.Split(rest, -1)` on a trimmed string. */
function splitWhitespace(L: string, start: number, end: number): Word[] {
  const out: Word[] = [];
  if (start >= end) return out;
  let s = start;
  for (let p = start; p <= end; p++) {
    if (p === end || isTokenSpace(L.charCodeAt(p))) {
      out.push({ value: L.slice(s, p), start: s, end: p });
      while (p < end && isTokenSpace(L.charCodeAt(p))) p++;
      s = p;
      if (p === end) break;
    }
  }
  return out;
}

/** BuildKit's `parseJSON`: element ranges and decoded values, or why it is not a JSON string array. */
function parseJSONArray(L: string, start: number, end: number): Word[] | 'not-json' | 'not-strings' {
  const s = skipSpace(L, start, end);
  if (L.charCodeAt(s) !== 0x5b /* [ */) return 'not-json';
  let parsed: unknown;
  try {
    parsed = JSON.parse(L.slice(s, end));
  } catch {
    return 'not-json';
  }
  if (!Array.isArray(parsed)) return 'not-json';
  if (!parsed.every((v) => typeof v === 'string')) return 'not-strings';
  const out: Word[] = [];
  let p = s + 1;
  const ws = () => {
    while (p < end && isRegexSpace(L.charCodeAt(p)) && L.charCodeAt(p) !== 0x0c) p++;
  };
  for (const value of parsed as string[]) {
    ws();
    const a = p;
    p++;
    while (p < end && L.charCodeAt(p) !== 0x22) p += L.charCodeAt(p) === 0x5c ? 2 : 1;
    p++;
    out.push({ value, start: a, end: p });
    ws();
    if (L.charCodeAt(p) === 0x2c) p++;
  }
  return out;
}

/** Split a `--mount` value into CSV fields `key[=value]` (BuildKit reads it with encoding/csv). */
function parseMount(flag: Flag): Mount {
  const v = flag.value ?? '';
  const offs = flag.valueOffsets ?? [];
  const at = (i: number): number =>
    i < offs.length ? offs[i]! : (offs[offs.length - 1] ?? flag.range.end - 1) + 1;
  const rng = (a: number, b: number): Range => ({ start: at(a), end: b > a ? at(b - 1) + 1 : at(a) });
  const options: MountOption[] = [];
  let i = 0;
  while (i <= v.length) {
    const fs = i;
    let field = '';
    let inQ = false;
    while (i < v.length) {
      const c = v[i]!;
      if (inQ) {
        if (c === '"') {
          if (v[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          inQ = false;
        } else field += c;
      } else if (c === ',') break;
      else if (c === '"' && (i === fs || field === '')) inQ = true;
      else field += c;
      i++;
    }
    const fe = i;
    const trimmedStart = fs;
    if (fe > fs) {
      const eq = v.indexOf('=', fs);
      const hasEq = eq >= 0 && eq < fe;
      const fieldEq = field.indexOf('=');
      const o: Mutable<MountOption> = {
        key: (fieldEq < 0 ? field : field.slice(0, fieldEq)).trim().toLowerCase(),
        range: rng(trimmedStart, fe),
        keyRange: rng(trimmedStart, hasEq ? eq : fe),
      };
      if (fieldEq >= 0) {
        o.value = field.slice(fieldEq + 1);
        o.valueRange = rng(hasEq ? eq + 1 : fe, fe);
      }
      options.push(o);
    }
    i++;
  }
  const type = options.find((o) => o.key === 'type')?.value ?? 'bind';
  return { flag, type, options };
}

/** Parse a Dockerfile. Never throws: problems are returned as `diagnostics`. */
export function parseDockerfile(text: string, opts: ParseOptions = {}): DockerfileAST {
  return new DockerfileParser(text, opts.path ?? 'Dockerfile').parse();
}

/** Like `parseDockerfile`, but throws the first error diagnostic as a `ParseError`. */
export function parseDockerfileOrThrow(text: string, opts: ParseOptions = {}): DockerfileAST {
  const ast = parseDockerfile(text, opts);
  const first = ast.diagnostics.find((d) => d.severity === 'error');
  if (first) throw ParseError.at(ast.source, first.range, first.message, first.code, first.hint);
  return ast;
}
