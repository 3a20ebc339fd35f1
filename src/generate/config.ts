import { Document, isMap, parseDocument } from 'yaml';
import { InputError } from '../core/errors.js';
import type { CiProvider, FinalImage, Registry, SetupPlan, Tier } from './types.js';

/**
 * The `init:` section of `.dockwright.yaml`: the choices `dockwright init` made, so running it again (without
 * flags) reproduces byte-identical files. The rest of the file is the lint config and is left as it is.
 *
 * ```yaml
 * init:
 *   version: 1          # shape of this section
 *   lang: node          # stack id
 *   tier: 2             # 1-4
 *   app: apps/api       # only for monorepos: the app's path
 *   port: 8080          # only when --port was given
 *   finalImage: alpine  # official | slim | alpine | distroless | scratch (as requested; the plan may adapt it)
 *   compose: true       # only when --compose was given at tier 1
 *   registry: ghcr      # only when given (used from tier 3)
 *   ci: github          # only when given (used from tier 3)
 *   multiArch: true     # only when given (used at tier 4)
 * ```
 */
export const INIT_CONFIG_VERSION = 1;

export interface InitConfig {
  readonly version: typeof INIT_CONFIG_VERSION;
  readonly lang: string;
  readonly tier: Tier;
  readonly app?: string;
  readonly port?: number;
  readonly finalImage: FinalImage;
  readonly compose?: boolean;
  readonly registry?: Registry;
  readonly ci?: CiProvider;
  readonly multiArch?: boolean;
}

const TIERS = [1, 2, 3, 4];
const FINAL = ['official', 'slim', 'alpine', 'distroless', 'scratch'];
const REGISTRIES = ['hub', 'ghcr', 'ecr', 'gcr', 'acr', 'harbor'];
const CIS = ['github', 'gitlab', 'jenkins', 'circleci'];

export function initConfigFrom(plan: SetupPlan, multiRepo: boolean): InitConfig {
  const o = plan.options;
  return {
    version: INIT_CONFIG_VERSION,
    lang: plan.stack,
    tier: plan.tier,
    ...(multiRepo ? { app: plan.app.path } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    finalImage: o.finalImage,
    ...(o.compose ? { compose: true } : {}),
    ...(o.registry ? { registry: o.registry } : {}),
    ...(o.ci ? { ci: o.ci } : {}),
    ...(o.multiArch ? { multiArch: true } : {}),
  };
}

/** The `init:` section of a `.dockwright.yaml` text, validated; `undefined` when there is none. */
export function readInitConfig(text: string, path = '.dockwright.yaml'): Partial<InitConfig> | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new InputError(`invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, path);
  const init = doc.toJS()?.init as Record<string, unknown> | undefined;
  if (init === undefined || init === null) return undefined;
  if (typeof init !== 'object') throw new InputError("'init' must be a mapping", path);
  const bad = (key: string, expected: string) =>
    new InputError(`invalid init.${key}: ${JSON.stringify(init[key])}`, path, `Expected ${expected}.`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(init)) {
    switch (key) {
      case 'version':
        if (value !== INIT_CONFIG_VERSION) throw bad(key, String(INIT_CONFIG_VERSION));
        break;
      case 'lang':
      case 'app':
        if (typeof value !== 'string') throw bad(key, 'a string');
        break;
      case 'tier':
        if (!TIERS.includes(value as number)) throw bad(key, '1, 2, 3 or 4');
        break;
      case 'port':
        if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535)
          throw bad(key, 'a port number');
        break;
      case 'finalImage':
        if (!FINAL.includes(value as string)) throw bad(key, FINAL.join(', '));
        break;
      case 'registry':
        if (!REGISTRIES.includes(value as string)) throw bad(key, REGISTRIES.join(', '));
        break;
      case 'ci':
        if (!CIS.includes(value as string)) throw bad(key, CIS.join(', '));
        break;
      case 'compose':
      case 'multiArch':
        if (typeof value !== 'boolean') throw bad(key, 'true or false');
        break;
      default:
        throw new InputError(`unknown setting init.${key}`, path);
    }
    out[key] = value;
  }
  return out as Partial<InitConfig>;
}

/** `.dockwright.yaml` with its `init:` section set to `config`, other keys and comments kept. */
export function writeInitConfig(existing: string | undefined, config: InitConfig): string {
  const doc = parseDocument(existing ?? '');
  if (!isMap(doc.contents)) {
    const fresh = new Document({ init: config });
    fresh.commentBefore =
      ' dockwright: `init` choices (re-run `dockwright init` to regenerate) and lint settings.';
    return fresh.toString({ indent: 2, lineWidth: 0 });
  }
  doc.set('init', doc.createNode(config));
  return doc.toString({ indent: 2, lineWidth: 0 });
}
