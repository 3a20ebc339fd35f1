import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { allowedPorts, falcoPrefix } from '../../../src/generate/release/falco-rules.js';
import { backingService } from '../../../src/generate/services.js';
import {
  CI_PROVIDERS,
  caseName,
  fileAt,
  REGISTRIES,
  RELEASE_FIXTURES,
  type ReleaseSetup,
  releaseSetup,
} from './matrix.js';

/**
 * deploy/falco-rules.yaml for every tier-4 setup: a YAML list in falcosecurity/rules' format, every condition
 * parsed by a small Falco filter parser (written from the grammar used in falco_rules.yaml), every macro, list
 * and field it uses resolved, and the four rules evaluated against synthetic events so each must fire on what it
 * is for and stay quiet otherwise.
 */

// ---------------------------------------------------------------------------------------------------------------
// Facts confirmed in the upstream sources (data, with where they were read).

/** falcosecurity/rules rules/falco_rules.yaml (read at commits f69f433 and 000705e): macros we may reuse. */
const UPSTREAM_MACROS: Readonly<Record<string, string>> = {
  spawned_process: '(evt.type in (execve, execveat) and evt.dir=<)',
  container: '(container.id != host)',
  never_true: '(evt.num=0)',
};

/**
 * Fields seen in falco_rules.yaml conditions/outputs (evt.*, fd.*, proc.*, user.*) and in the container plugin's
 * field table (FedeDP/container_plugin README @ 1955660, now falcosecurity/plugins `container`).
 */
const KNOWN_FIELDS = new Set([
  'evt.type',
  'evt.dir',
  'evt.num',
  'evt.res',
  'evt.rawres',
  'evt.is_open_write',
  'fd.typechar',
  'fd.num',
  'fd.ip',
  'fd.net',
  'fd.name',
  'fd.directory',
  'fd.sip',
  'fd.sport',
  'fd.l4proto',
  'proc.name',
  'proc.pname',
  'proc.cmdline',
  'proc.tty',
  'user.name',
  'user.uid',
  'container.id',
  'container.name',
  'container.image.repository',
  'container.image.tag',
]);
const FIELD_CLASSES = ['proc', 'evt', 'fd', 'container', 'user'];
const PRIORITIES = [
  'EMERGENCY',
  'ALERT',
  'CRITICAL',
  'ERROR',
  'WARNING',
  'NOTICE',
  'INFORMATIONAL',
  'INFO',
  'DEBUG',
];
const ITEM_SHAPES: readonly (readonly string[])[] = [
  ['required_engine_version'],
  ['required_plugin_versions'],
  ['items', 'list'],
  ['condition', 'macro'],
  ['condition', 'desc', 'output', 'priority', 'rule', 'tags'],
];
const OPERATORS = [
  '=',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'icontains',
  'startswith',
  'endswith',
  'glob',
  'in',
  'exists',
];

// ---------------------------------------------------------------------------------------------------------------
// A Falco filter parser: `not`, `and`, `or`, parentheses, `field op value`, `field in (a, b)`, `field exists`,
// and bare identifiers (macro references).

type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; field: string; op: string; value: string }
  | { kind: 'in'; field: string; values: string[] }
  | { kind: 'exists'; field: string }
  | { kind: 'macro'; name: string };

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push(c);
      i++;
    } else if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated string in: ${src}`);
      tokens.push(src.slice(i, end + 1));
      i = end + 1;
    } else if (/[=!<>]/.test(c)) {
      const two = src.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>='].includes(two) ? two : c;
      tokens.push(op);
      i += op.length;
    } else {
      let j = i;
      while (j < src.length && !/[\s(),=!<>"']/.test(src[j]!)) j++;
      tokens.push(src.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

const unquote = (t: string) => (/^(["']).*\1$/.test(t) ? t.slice(1, -1) : t);
const isField = (t: string) => FIELD_CLASSES.some((c) => t.startsWith(`${c}.`));

function parseCondition(src: string): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`unexpected end of: ${src}`);
    return t;
  };
  const expect1 = (t: string) => {
    const got = next();
    if (got !== t) throw new Error(`expected ${t}, got ${got} in: ${src}`);
  };
  const value = (): string => {
    const t = next();
    if (['(', ')', ','].includes(t)) throw new Error(`expected a value, got ${t} in: ${src}`);
    // `evt.dir=<` compares with the literal `<`.
    return unquote(t);
  };
  function primary(): Expr {
    const t = next();
    if (t === 'not') return { kind: 'not', expr: primary() };
    if (t === '(') {
      const e = orExpr();
      expect1(')');
      return e;
    }
    if (isField(t)) {
      const op = next();
      if (!OPERATORS.includes(op)) throw new Error(`unknown operator ${op} in: ${src}`);
      if (op === 'exists') return { kind: 'exists', field: t };
      if (op === 'in') {
        expect1('(');
        const values = [value()];
        while (peek() === ',') {
          next();
          values.push(value());
        }
        expect1(')');
        return { kind: 'in', field: t, values };
      }
      return { kind: 'cmp', field: t, op, value: value() };
    }
    if (/^[a-z_][a-z0-9_]*$/.test(t)) return { kind: 'macro', name: t };
    throw new Error(`unexpected token ${t} in: ${src}`);
  }
  function andExpr(): Expr {
    let left = primary();
    while (peek() === 'and') {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  }
  function orExpr(): Expr {
    let left = andExpr();
    while (peek() === 'or') {
      next();
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  }
  const e = orExpr();
  if (pos !== tokens.length) throw new Error(`trailing tokens ${tokens.slice(pos).join(' ')} in: ${src}`);
  return e;
}

function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  if (e.kind === 'and' || e.kind === 'or') {
    walk(e.left, visit);
    walk(e.right, visit);
  } else if (e.kind === 'not') walk(e.expr, visit);
}

// An evaluator over a flat event, enough to check what each rule matches.
type Event = Readonly<Record<string, string | number | boolean>>;
interface Ruleset {
  macros: Map<string, Expr>;
  lists: Map<string, string[]>;
}

function expand(values: readonly string[], rs: Ruleset): string[] {
  return values.flatMap((v) => (rs.lists.has(v) ? expand(rs.lists.get(v)!, rs) : [v]));
}

function cidr(ip: string, net: string): boolean {
  const [base, bits] = net.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  return (toInt(ip) & mask) >>> 0 === (toInt(base!) & mask) >>> 0;
}

function evaluate(e: Expr, ev: Event, rs: Ruleset): boolean {
  switch (e.kind) {
    case 'and':
      return evaluate(e.left, ev, rs) && evaluate(e.right, ev, rs);
    case 'or':
      return evaluate(e.left, ev, rs) || evaluate(e.right, ev, rs);
    case 'not':
      return !evaluate(e.expr, ev, rs);
    case 'macro': {
      const m = rs.macros.get(e.name);
      if (!m) throw new Error(`undefined macro ${e.name}`);
      return evaluate(m, ev, rs);
    }
    case 'exists':
      return e.field in ev;
    case 'in':
      return e.field in ev && expand(e.values, rs).includes(String(ev[e.field]));
    case 'cmp': {
      if (!(e.field in ev)) return false;
      const actual = ev[e.field]!;
      const a = String(actual);
      const numeric = typeof actual === 'number' && /^-?\d+$/.test(e.value);
      switch (e.op) {
        case '=':
        case '==':
          return e.field === 'fd.net' ? cidr(a, e.value) : a === e.value;
        case '!=':
          return e.field === 'fd.net' ? !cidr(a, e.value) : a !== e.value;
        case '>=':
          return numeric && (actual as number) >= Number(e.value);
        case '<=':
          return numeric && (actual as number) <= Number(e.value);
        case '>':
          return numeric && (actual as number) > Number(e.value);
        case '<':
          return numeric && (actual as number) < Number(e.value);
        case 'startswith':
          return a.startsWith(e.value);
        case 'endswith':
          return a.endsWith(e.value);
        case 'contains':
          return a.includes(e.value);
        default:
          throw new Error(`operator ${e.op} not evaluated`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

type Item = Record<string, unknown>;
const tier4 = RELEASE_FIXTURES.flatMap((fixture) =>
  CI_PROVIDERS.flatMap((ci) => REGISTRIES.map((registry) => ({ fixture, ci, registry, tier: 4 as const }))),
);
const setups = new Map<string, ReleaseSetup>();
beforeAll(async () => {
  for (const c of tier4) setups.set(caseName(c), await releaseSetup(c));
});

function rulesOf(s: ReleaseSetup): Item[] {
  const path = s.context.paths.falcoRules;
  expect(path).toBe('deploy/falco-rules.yaml');
  const file = fileAt(s, path!);
  expect(file, 'falco rules generated').toBeDefined();
  const doc = parseYaml(file!.content, { strict: true, uniqueKeys: true }) as unknown;
  expect(Array.isArray(doc)).toBe(true);
  return doc as Item[];
}

function ruleset(items: Item[]): Ruleset {
  const macros = new Map<string, Expr>(
    Object.entries(UPSTREAM_MACROS).map(([k, v]) => [k, parseCondition(v)]),
  );
  const lists = new Map<string, string[]>();
  for (const it of items) {
    if ('macro' in it) macros.set(String(it.macro), parseCondition(String(it.condition)));
    if ('list' in it) lists.set(String(it.list), (it.items as unknown[]).map(String));
  }
  return { macros, lists };
}

describe('Falco rules: structure (every tier-4 setup)', () => {
  it(`covers ${tier4.length} tier-4 setups`, () => expect(setups.size).toBe(tier4.length));

  it('every item has exactly one of the rules-file shapes', () => {
    for (const [name, s] of setups) {
      for (const item of rulesOf(s)) {
        const keys = Object.keys(item).sort();
        expect(
          ITEM_SHAPES.map((k) => k.join()),
          `${name}: ${keys.join()}`,
        ).toContain(keys.join());
      }
    }
  });

  it('declares the engine version and the container plugin it needs', () => {
    for (const s of setups.values()) {
      const items = rulesOf(s);
      expect(items[0]).toEqual({ required_engine_version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
      expect(items[1]).toEqual({
        required_plugin_versions: [{ name: 'container', version: expect.any(String) }],
      });
    }
  });

  it('rules have a valid priority, tags, a description and output', () => {
    for (const [name, s] of setups) {
      const rules = rulesOf(s).filter((i) => 'rule' in i);
      expect(rules.map((r) => r.rule)).toHaveLength(4);
      for (const r of rules) {
        expect(PRIORITIES, `${name}: ${r.rule}`).toContain(r.priority);
        expect(Array.isArray(r.tags) && r.tags.length > 0).toBe(true);
        for (const f of ['desc', 'output', 'condition']) expect(String(r[f]).length, f).toBeGreaterThan(10);
      }
    }
  });

  it('conditions parse, have balanced parentheses, and use only known fields, macros and lists', () => {
    for (const [name, s] of setups) {
      const items = rulesOf(s);
      const rs = ruleset(items);
      const prefix = falcoPrefix(s.context.image);
      for (const item of items.filter((i) => 'condition' in i)) {
        const cond = String(item.condition);
        let depth = 0;
        for (const ch of cond.replace(/"[^"]*"|'[^']*'/g, '')) {
          depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
          expect(depth, `${name}: ${cond}`).toBeGreaterThanOrEqual(0);
        }
        expect(depth, `${name}: ${cond}`).toBe(0);
        walk(parseCondition(cond), (e) => {
          if (e.kind === 'macro') expect(rs.macros.has(e.name), `${name}: macro ${e.name}`).toBe(true);
          if (e.kind === 'cmp' || e.kind === 'in' || e.kind === 'exists')
            expect(KNOWN_FIELDS.has(e.field), `${name}: field ${e.field}`).toBe(true);
          if (e.kind === 'in')
            for (const v of e.values.filter((x) => x.startsWith(`${prefix}_`)))
              expect(rs.lists.has(v), `${name}: list ${v}`).toBe(true);
        });
      }
    }
  });

  it('own lists and macros carry the app prefix, are all used, and every rule is scoped to the image', () => {
    for (const [name, s] of setups) {
      const items = rulesOf(s);
      const prefix = falcoPrefix(s.context.image);
      const defined = items.flatMap((i) =>
        'macro' in i ? [String(i.macro)] : 'list' in i ? [String(i.list)] : [],
      );
      const conditions = items.filter((i) => 'condition' in i).map((i) => String(i.condition));
      for (const d of defined) {
        expect(d.startsWith(`${prefix}_`), `${name}: ${d}`).toBe(true);
        expect(
          conditions.some((c) => new RegExp(`\\b${d}\\b`).test(c)),
          `${name}: ${d} used`,
        ).toBe(true);
      }
      for (const r of items.filter((i) => 'rule' in i))
        expect(String(r.condition), `${name}: ${r.rule}`).toContain(`${prefix}_container`);
    }
  });

  it('outputs use only known fields', () => {
    for (const [name, s] of setups) {
      for (const r of rulesOf(s).filter((i) => 'rule' in i)) {
        const fields = [...String(r.output).matchAll(/%([a-z][a-z0-9_.]*[a-z0-9_])/g)].map((m) => m[1]!);
        expect(fields.length).toBeGreaterThan(3);
        for (const f of fields) expect(KNOWN_FIELDS.has(f), `${name}: %${f}`).toBe(true);
      }
    }
  });

  it("allows DNS and exactly the ports of the app's backing services", () => {
    for (const [name, s] of setups) {
      const p = falcoPrefix(s.context.image);
      const list = rulesOf(s).find((i) => i.list === `${p}_allowed_ports`);
      const expected = new Set([53]);
      for (const svc of s.context.app.services) {
        const address = backingService(svc.name)?.address;
        if (address) expected.add(Number(address.split(':').pop()));
      }
      expect(list?.items, name).toEqual([...expected].sort((a, b) => a - b));
      expect(allowedPorts(s.context)).toEqual(list?.items);
    }
  });
});

describe('Falco rules: what each rule matches', () => {
  it("protects the production stage's WORKDIR but not the app's own writable paths below it (Next's cache)", async () => {
    const s = await releaseSetup({
      fixture: 'next-standalone-pnpm',
      ci: 'github',
      registry: 'ghcr',
      tier: 4,
    });
    const cache = s.context.writablePaths.find((w) => w.endsWith('/.next/cache'));
    expect(cache, 'the Next cache is a writable tmpfs').toBeDefined();
    expect(cache!.startsWith(`${s.context.appDir}/`)).toBe(true);
    const matches = rule(rulesOf(s), falcoPrefix(s.context.image));
    const ours = {
      'container.id': 'f00dcafe1234',
      'container.image.repository': `ghcr.io/acme/${s.context.image}`,
    };
    const open = (file: string) => ({
      ...ours,
      'evt.type': 'openat',
      'evt.is_open_write': 'true',
      'fd.typechar': 'f',
      'fd.name': file,
      'proc.name': 'node',
    });
    const write = 'Write below binary or app directory';
    expect(matches(write, open(`${s.context.appDir}/server.js`))).toBe(true);
    expect(matches(write, open(`${cache}/images/a.webp`))).toBe(false);
    expect(matches(write, open('/usr/local/bin/node'))).toBe(true);
  });

  function rule(items: Item[], prefix: string) {
    const rs = ruleset(items);
    return (title: string, ev: Event) => {
      const r = items.find((i) => String(i.rule).startsWith(title));
      if (!r) throw new Error(`no rule ${title}`);
      expect(String(r.condition)).toContain(`${prefix}_container`);
      return evaluate(parseCondition(String(r.condition)), ev, rs);
    };
  }

  for (const fixture of RELEASE_FIXTURES) {
    it(`${fixture}: fires on the app's image only, for the behaviour it names`, () => {
      const s = setups.get(caseName({ fixture, ci: 'github', registry: 'ghcr', tier: 4 }))!;
      const img = s.context.image;
      const matches = rule(rulesOf(s), falcoPrefix(img));
      const ours = { 'container.id': 'f00dcafe1234', 'container.image.repository': `ghcr.io/acme/${img}` };
      const other = { ...ours, 'container.image.repository': 'docker.io/library/postgres' };
      const host = { ...ours, 'container.id': 'host' };
      const exec = (name: string) => ({ 'evt.type': 'execve', 'evt.dir': '<', 'proc.name': name });

      expect(matches('Shell in', { ...ours, ...exec('sh') })).toBe(true);
      expect(matches('Shell in', { ...ours, ...exec('bash'), 'container.image.repository': img })).toBe(true);
      expect(matches('Shell in', { ...other, ...exec('sh') })).toBe(false);
      expect(matches('Shell in', { ...host, ...exec('sh') })).toBe(false);
      expect(matches('Shell in', { ...ours, ...exec('node') })).toBe(false);
      expect(matches('Shell in', { ...ours, ...exec('sh'), 'evt.dir': '>' })).toBe(false);

      const connect = (ip: string, port: number) => ({
        'evt.type': 'connect',
        'fd.typechar': 4,
        'fd.ip': ip,
        'fd.net': ip,
        'fd.sip': ip,
        'fd.sport': port,
        'evt.rawres': 0,
        'evt.res': 'SUCCESS',
      });
      const outbound = 'Unexpected outbound connection';
      expect(matches(outbound, { ...ours, ...connect('203.0.113.7', 4444) })).toBe(true);
      expect(
        matches(outbound, { ...ours, ...connect('10.0.0.9', 22) }),
        'private networks are not exempt',
      ).toBe(true);
      expect(matches(outbound, { ...ours, ...connect('10.0.0.2', 53) })).toBe(false);
      expect(matches(outbound, { ...ours, ...connect('127.0.0.1', 4444) })).toBe(false);
      expect(matches(outbound, { ...other, ...connect('203.0.113.7', 4444) })).toBe(false);
      for (const port of allowedPorts(s.context))
        expect(matches(outbound, { ...ours, ...connect('172.18.0.3', port) }), `port ${port}`).toBe(false);
      // Enter events have no result: only the completed connect counts.
      const enter = { ...ours, ...connect('203.0.113.7', 4444) } as Record<string, unknown>;
      delete enter['evt.rawres'];
      delete enter['evt.res'];
      expect(matches(outbound, enter as Event)).toBe(false);

      const open = (file: string) => ({
        'evt.type': 'openat',
        'evt.is_open_write': 'true',
        'fd.typechar': 'f',
        'fd.name': file,
        'proc.name': 'node',
      });
      const write = 'Write below binary or app directory';
      for (const f of ['/usr/bin/node', '/bin/sh', '/usr/local/bin/x', '/app/dist/index.js'])
        expect(matches(write, { ...ours, ...open(f) }), f).toBe(true);
      for (const f of ['/tmp/upload.bin', '/application/x', '/usr/binx'])
        expect(matches(write, { ...ours, ...open(f) }), f).toBe(false);
      expect(matches(write, { ...ours, ...open('/usr/bin/x'), 'evt.is_open_write': 'false' })).toBe(false);

      const pm = 'Package manager run';
      for (const name of ['apk', 'apt-get', 'pip', 'npm', 'uv', 'go'])
        expect(matches(pm, { ...ours, ...exec(name) }), name).toBe(true);
      expect(matches(pm, { ...ours, ...exec('node') })).toBe(false);
      expect(matches(pm, { ...other, ...exec('apk') })).toBe(false);
    });
  }

  it("the image's own process does not trip the shell or package-manager rules", () => {
    for (const fixture of RELEASE_FIXTURES) {
      const s = setups.get(caseName({ fixture, ci: 'github', registry: 'ghcr', tier: 4 }))!;
      const dockerfile = fileAt(s, s.context.layout.dockerfile)!.content;
      const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      const starts = [...lastStage.matchAll(/^(?:CMD|ENTRYPOINT) (\[.*\])$/gm)].map(
        (m) => JSON.parse(m[1]!) as string[],
      );
      expect(starts.length, fixture).toBeGreaterThan(0);
      const items = rulesOf(s);
      const p = falcoPrefix(s.context.image);
      const listed = [`${p}_shell_binaries`, `${p}_package_managers`].flatMap(
        (l) => (items.find((i) => i.list === l)?.items as string[]) ?? [],
      );
      for (const argv of starts) {
        const program = argv[0]!.split('/').pop()!;
        expect(listed, `${fixture}: ${argv.join(' ')}`).not.toContain(program);
      }
    }
  });
});

describe('Falco rules: snapshot', () => {
  it('node-prisma-postgres tier 4 github ghcr', async () => {
    const s = setups.get(
      caseName({ fixture: 'node-prisma-postgres', ci: 'github', registry: 'ghcr', tier: 4 }),
    )!;
    await expect(fileAt(s, 'deploy/falco-rules.yaml')!.content).toMatchFileSnapshot(
      '__snapshots__/falco-rules.node-prisma-postgres.yaml',
    );
  });
});
