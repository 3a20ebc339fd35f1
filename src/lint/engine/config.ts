import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type Document, isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { SEVERITY_ORDER, type Severity } from '../../core/diagnostic.js';
import { ParseError } from '../../core/errors.js';
import { pathExists } from '../../core/fs.js';
import { SourceFile } from '../../core/source.js';
import { type AnyDockerfileRule, PROFILES, type Profile, type RuleMeta } from './rule.js';

export type RuleLevel = Severity | 'off';

export interface RuleSetting {
  readonly level?: RuleLevel;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface LintConfig {
  /** The file it came from, if any. */
  readonly path?: string;
  readonly kind: 'dockwright' | 'hadolint' | 'default';
  readonly profile?: Profile;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** For `.hadolint.yaml`: levels keyed by other tools' ids (`hadolint:DL3008`), applied through rule `sources`. */
  readonly sourceLevels: Readonly<Record<string, RuleLevel>>;
  readonly trustedRegistries: readonly string[];
  readonly requiredLabels: readonly string[];
  readonly ignorePaths: readonly string[];
  readonly failureThreshold?: Severity | 'none';
  /** Honour inline suppression comments (hadolint's `disable-ignore-pragma` turns this off). */
  readonly inlineSuppressions: boolean;
}

export const DEFAULT_CONFIG: LintConfig = {
  kind: 'default',
  rules: {},
  sourceLevels: {},
  trustedRegistries: [],
  requiredLabels: [],
  ignorePaths: [],
  inlineSuppressions: true,
};

const LEVELS = ['off', ...Object.keys(SEVERITY_ORDER)] as RuleLevel[];
const CONFIG_NAMES = ['.dockwright.yaml', '.dockwright.yml'];
const HADOLINT_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

class ConfigReader {
  readonly source: SourceFile;
  readonly doc: Document;
  constructor(path: string, text: string) {
    this.source = new SourceFile(path, text);
    this.doc = parseDocument(text, { uniqueKeys: true });
    const first = this.doc.errors[0];
    if (first) {
      throw ParseError.at(
        this.source,
        { start: first.pos[0], end: first.pos[1] },
        first.message.split('\n')[0]!,
        'config/yaml',
      );
    }
  }

  fail(node: Node | null | undefined, message: string, hint?: string): never {
    const start = node?.range?.[0] ?? 0;
    throw ParseError.at(
      this.source,
      { start, end: node?.range?.[1] ?? start },
      message,
      'config/invalid',
      hint,
    );
  }

  node(path: readonly (string | number)[]): Node | undefined {
    return this.doc.getIn(path, true) as Node | undefined;
  }

  strings(key: string): string[] {
    const node = this.node([key]);
    if (node === undefined) return [];
    if (!isSeq(node)) this.fail(node, `'${key}' must be a list of strings`);
    return node.items.map((item) => {
      if (!isScalar(item) || typeof item.value !== 'string')
        this.fail(item as Node, `'${key}' entries must be strings`);
      return item.value;
    });
  }

  level(node: Node | undefined, value: unknown, where: string): RuleLevel {
    if (typeof value === 'string' && (LEVELS as string[]).includes(value)) return value as RuleLevel;
    return this.fail(
      node,
      `invalid level ${JSON.stringify(value)} for ${where}`,
      `Use one of: ${LEVELS.join(', ')}.`,
    );
  }
}

function parseDockwright(reader: ConfigReader): LintConfig {
  const root = reader.doc.contents;
  if (root !== null && !isMap(root)) reader.fail(root, 'the config must be a mapping');
  // `init:` holds the choices `dockwright init` made, so a re-run reproduces its output; lint ignores it.
  const known = new Set([
    'init',
    'profile',
    'rules',
    'trustedRegistries',
    'requiredLabels',
    'ignorePaths',
    'failureThreshold',
    'inlineSuppressions',
  ]);
  for (const pair of isMap(root) ? root.items : []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!known.has(key))
      reader.fail(pair.key as Node, `unknown setting '${key}'`, `Known settings: ${[...known].join(', ')}.`);
  }
  const profileNode = reader.node(['profile']);
  const profile = reader.doc.getIn(['profile']);
  if (profile !== undefined && !PROFILES.includes(profile as Profile)) {
    reader.fail(
      profileNode,
      `unknown profile ${JSON.stringify(profile)}`,
      `Use one of: ${PROFILES.join(', ')}.`,
    );
  }
  const rules: Record<string, RuleSetting> = {};
  const rulesNode = reader.node(['rules']);
  if (rulesNode !== undefined) {
    if (!isMap(rulesNode)) reader.fail(rulesNode, "'rules' must map rule ids to a level or [level, options]");
    for (const pair of rulesNode.items) {
      const id = String((pair.key as { value?: unknown }).value);
      const valueNode = pair.value as Node | null;
      const value = valueNode ? valueNode.toJS(reader.doc, { maxAliasCount: 100 }) : null;
      if (Array.isArray(value)) {
        const [level, options] = value as [unknown, unknown];
        if (
          options !== undefined &&
          (typeof options !== 'object' || options === null || Array.isArray(options))
        ) {
          reader.fail(valueNode, `options for '${id}' must be a mapping`);
        }
        rules[id] = {
          level: reader.level(valueNode ?? undefined, level, `rule '${id}'`),
          ...(options ? { options: options as Record<string, unknown> } : {}),
        };
      } else if (typeof value === 'object' && value !== null) {
        const { level, options } = value as { level?: unknown; options?: Record<string, unknown> };
        rules[id] = {
          ...(level !== undefined
            ? { level: reader.level(valueNode ?? undefined, level, `rule '${id}'`) }
            : {}),
          ...(options ? { options } : {}),
        };
      } else {
        rules[id] = { level: reader.level(valueNode ?? undefined, value, `rule '${id}'`) };
      }
    }
  }
  const threshold = reader.doc.getIn(['failureThreshold']);
  if (threshold !== undefined && !['none', ...Object.keys(SEVERITY_ORDER)].includes(threshold as string)) {
    reader.fail(reader.node(['failureThreshold']), `invalid failureThreshold ${JSON.stringify(threshold)}`);
  }
  const inline = reader.doc.getIn(['inlineSuppressions']);
  return {
    path: reader.source.path,
    kind: 'dockwright',
    ...(profile !== undefined ? { profile: profile as Profile } : {}),
    rules,
    sourceLevels: {},
    trustedRegistries: reader.strings('trustedRegistries'),
    requiredLabels: reader.strings('requiredLabels'),
    ignorePaths: reader.strings('ignorePaths'),
    ...(threshold !== undefined ? { failureThreshold: threshold as Severity | 'none' } : {}),
    inlineSuppressions: inline !== false,
  };
}

/** `.hadolint.yaml`, mapped onto our rules through their `sources`. */
function parseHadolint(reader: ConfigReader): LintConfig {
  const sourceLevels: Record<string, RuleLevel> = {};
  for (const id of reader.strings('ignored')) sourceLevels[`hadolint:${id}`] = 'off';
  const override = reader.node(['override']);
  if (isMap(override)) {
    for (const pair of override.items) {
      const level = reader.level(
        pair.key as Node,
        String((pair.key as { value?: unknown }).value),
        'override',
      );
      const list = pair.value;
      if (!isSeq(list)) reader.fail(list as Node, 'override levels must list rule codes');
      for (const item of list.items)
        sourceLevels[`hadolint:${String((item as { value?: unknown }).value)}`] = level;
    }
  }
  const threshold = reader.doc.getIn(['failure-threshold']) as string | undefined;
  const labels = reader.doc.getIn(['label-schema']);
  const strictLabels = reader.doc.getIn(['strict-labels']) === true;
  return {
    path: reader.source.path,
    kind: 'hadolint',
    rules: {},
    sourceLevels,
    trustedRegistries: reader.strings('trustedRegistries'),
    requiredLabels: strictLabels && labels && typeof labels === 'object' ? Object.keys(labels as object) : [],
    ignorePaths: [],
    ...(threshold && (threshold === 'none' || threshold in SEVERITY_ORDER)
      ? { failureThreshold: threshold as Severity | 'none' }
      : {}),
    inlineSuppressions: reader.doc.getIn(['disable-ignore-pragma']) !== true,
  };
}

export async function loadConfigFile(path: string): Promise<LintConfig> {
  const text = await readFile(path, 'utf8');
  const reader = new ConfigReader(path, text);
  return HADOLINT_NAMES.some((n) => path.endsWith(n)) ? parseHadolint(reader) : parseDockwright(reader);
}

/**
 * The config for a file: the nearest `.dockwright.yaml` upward from its folder; failing that the nearest
 * `.hadolint.yaml` (hadolint users switch without rewriting theirs); failing that the defaults.
 */
export async function findConfig(fromDir: string): Promise<LintConfig> {
  let hadolint: string | undefined;
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (await pathExists(candidate)) return loadConfigFile(candidate);
    }
    if (!hadolint) {
      for (const name of HADOLINT_NAMES) {
        const candidate = join(dir, name);
        if (await pathExists(candidate)) {
          hadolint = candidate;
          break;
        }
      }
    }
    if (dirname(dir) === dir) break;
  }
  return hadolint ? loadConfigFile(hadolint) : DEFAULT_CONFIG;
}

const PROFILE_RANK: Record<Profile, number> = { dev: 0, production: 1, hardened: 2 };

export interface ActiveRule<R extends RuleLike = AnyDockerfileRule> {
  readonly rule: R;
  readonly severity: Severity;
  readonly options: unknown;
}

/** What config resolution needs of a rule, whatever file kind it checks. */
export interface RuleLike {
  readonly name: string;
  readonly meta: RuleMeta<string, unknown>;
}

/** Which rules run, at what severity and with which options, for a profile and a config. */
export function resolveRules<R extends RuleLike = AnyDockerfileRule>(
  rules: readonly R[],
  config: LintConfig,
  profile: Profile,
): ActiveRule<R>[] {
  const active: ActiveRule<R>[] = [];
  for (const rule of rules) {
    const inProfile = rule.meta.profile !== false && PROFILE_RANK[rule.meta.profile] <= PROFILE_RANK[profile];
    let level: RuleLevel = inProfile ? rule.meta.severity : 'off';
    for (const source of rule.meta.sources ?? []) {
      const mapped = config.sourceLevels[source];
      if (mapped) level = mapped;
    }
    const setting = config.rules[rule.name];
    if (setting?.level) level = setting.level;
    else if (setting?.options && level === 'off') level = rule.meta.severity;
    if (level === 'off') continue;
    const options = { ...(rule.meta.defaultOptions ?? {}), ...(setting?.options ?? {}) };
    active.push({ rule, severity: level, options });
  }
  return active;
}
