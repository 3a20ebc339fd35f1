import type { Instruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import type { ShellCommand } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import {
  commandHeadRange,
  envValue,
  findInRun,
  operands,
  runCommands,
  shipsInFinalImage,
  srcRange,
  truthy,
} from '../support/pkg-shell.js';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];

/** Does a COPY/ADD source bring in an npm lockfile? */
function copiesLockfile(source: string, exists: ((p: string) => boolean) | undefined): boolean {
  const base = source.replace(/\/+$/, '').split('/').pop() ?? '';
  if (LOCKFILES.includes(base)) return true;
  // `package*.json`, `*.json`, `package-*.json`
  if (/[*?[]/.test(base)) {
    const re = new RegExp(
      `^${base
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (LOCKFILES.some((l) => re.test(l))) return true;
  }
  // A directory copy (`COPY . .`): only known when the build context is.
  if (exists && (base === '.' || base === '' || !base.includes('.'))) {
    const dir = source.replace(/^\.\/?/, '').replace(/\/+$/, '');
    return LOCKFILES.some((l) => exists(dir && dir !== '.' ? `${dir}/${l}` : l));
  }
  return false;
}

/** Stages whose filesystem this stage starts from, this one included. */
function lineage(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.baseStage) out.push(s);
  return out;
}

const PRODUCTION_ONLY = (cmd: ShellCommand): boolean =>
  cmd.hasFlag('--production') ||
  cmd.flagValues('--omit').includes('dev') ||
  cmd.flagValues('--only').some((v) => /^prod/.test(v)) ||
  cmd.findOptions(['--omit']).some((o) => o.value === 'dev');

export default defineRule({
  name: 'npm-ci',
  meta: {
    description:
      'Use `npm ci` (exact lockfile install) instead of `npm install` when a lockfile is copied, and leave devDependencies out of the shipped image',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    fixable: 'unsafe',
    messages: {
      useCi:
        '`npm install` may rewrite the lockfile and resolve newer versions; use `npm ci` to install exactly what package-lock.json records',
      devDeps:
        '`{{command}}` in the shipped image also installs devDependencies; add `--omit=dev` (or set NODE_ENV=production), or run `npm prune --omit=dev` afterwards',
    },
    sources: [],
    spec: '05-writing-dockerfiles-plan: Use `npm ci` (not `npm install`) for reproducible builds',
  },
  create(context) {
    const lockSeen = new Set<Stage>();
    const exists = context.buildContext ? (p: string) => context.buildContext?.exists(p) ?? false : undefined;
    const hasLock = (stage: Stage | undefined): boolean =>
      !!stage && lineage(stage).some((s) => lockSeen.has(s));
    const prunedLater = (stage: Stage, after: Instruction): boolean =>
      stage.instructions.some(
        (i) =>
          i.range.start > after.range.start &&
          i.keyword === 'RUN' &&
          runCommands(context, i).some((rc) => rc.cmd.is('npm', 'prune') && PRODUCTION_ONLY(rc.cmd)),
      );
    return {
      COPY(node, stage) {
        if (stage && node.sources.some((s) => copiesLockfile(s.value, node.from ? undefined : exists)))
          lockSeen.add(stage);
      },
      ADD(node, stage) {
        if (stage && node.sources.some((s) => copiesLockfile(s.value, exists))) lockSeen.add(stage);
      },
      RUN(node, stage) {
        for (const rc of findInRun(context, node, 'npm', [
          'install',
          'i',
          'ci',
          'clean-install',
          'isntall',
          'in',
        ])) {
          const { cmd } = rc;
          if (cmd.hasFlag('-g', '--global') || cmd.flagValue('--location') === 'global') continue;
          if (operands(cmd).length > 0) continue; // named packages: see npm-pin-global
          const sub = cmd.positionalArgs()[0];
          if (!sub?.value) continue;
          const isCi = sub.value === 'ci' || sub.value === 'clean-install';
          if (!isCi && hasLock(stage)) {
            context.report({
              node,
              range: commandHeadRange(rc),
              messageId: 'useCi',
              fix: { range: srcRange(rc, sub), text: 'ci' },
            });
            continue;
          }
          if (!stage || !shipsInFinalImage(context, stage) || PRODUCTION_ONLY(cmd)) continue;
          if (envValue(context, node, rc, 'NODE_ENV') === 'production') continue;
          if (
            /^dev/.test(
              envValue(context, node, rc, 'NPM_CONFIG_OMIT') ??
                envValue(context, node, rc, 'npm_config_omit') ??
                '',
            )
          )
            continue;
          if (
            truthy(
              envValue(context, node, rc, 'NPM_CONFIG_PRODUCTION') ??
                envValue(context, node, rc, 'npm_config_production'),
            )
          )
            continue;
          if (
            prunedLater(stage, node) ||
            runCommands(context, node).some(
              (c) =>
                c.cmd.range.start > cmd.range.start && c.cmd.is('npm', 'prune') && PRODUCTION_ONLY(c.cmd),
            )
          )
            continue;
          context.report({
            node,
            range: commandHeadRange(rc),
            messageId: 'devDeps',
            data: { command: `npm ${sub.value}` },
          });
        }
      },
    };
  },
});
