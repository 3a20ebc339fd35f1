import type { AddInstruction, CopyInstruction } from '../../../parse/dockerfile/ast.js';
import type { ShellCommand } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf, contextPath } from '../support/ops-util.js';

/** The dependency-install step a command performs, e.g. `npm ci`; undefined when it is not one. */
export function dependencyInstall(cmd: ShellCommand): string | undefined {
  const pos = cmd.positionalArgs().map((w) => w.value);
  if (
    cmd.is('npm', 'ci') ||
    (cmd.is('npm', ['install', 'i']) && pos.length === 1 && !cmd.hasFlag('-g', '--global'))
  ) {
    return `npm ${pos[0]}`;
  }
  if (cmd.is('yarn') && (pos.length === 0 || (pos[0] === 'install' && pos.length === 1)))
    return 'yarn install';
  if (cmd.is(['pnpm', 'bun'], ['install', 'i']) && pos.length === 1 && !cmd.hasFlag('-g', '--global')) {
    return `${cmd.program} install`;
  }
  const words = cmd.words.map((w) => w.value ?? '');
  const pipAt = cmd.is(['pip', 'pip3'])
    ? 0
    : /^python[0-9.]*$/.test(cmd.program ?? '') && words.includes('-m')
      ? words.indexOf('pip', words.indexOf('-m'))
      : -1;
  if (
    pipAt >= 0 &&
    words.includes('install') &&
    words.some((w) => w === '-r' || w === '--requirement' || /^(-r.|--requirement=)/.test(w))
  ) {
    return 'pip install -r';
  }
  if (cmd.is('uv', 'pip', 'install') && cmd.hasFlag('-r', '--requirement')) return 'uv pip install -r';
  if (cmd.is('uv', 'sync')) return 'uv sync';
  if (cmd.is('poetry', 'install')) return 'poetry install';
  if (cmd.is('pipenv', ['install', 'sync']) && pos.length === 1) return `pipenv ${pos[0]}`;
  if (cmd.is('go', 'mod', 'download')) return 'go mod download';
  if (cmd.is(['bundle', 'bundler'], 'install') || (cmd.is('bundle') && pos.length === 0))
    return 'bundle install';
  if (cmd.is(['composer', 'composer.phar'], 'install')) return 'composer install';
  if (cmd.is('cargo', 'fetch')) return 'cargo fetch';
  if (cmd.is(['mvn', 'mvnw'], ['dependency:go-offline', 'dependency:resolve'])) return `mvn ${pos[0]}`;
  return undefined;
}

export default defineRule({
  name: 'dependency-copy-order',
  meta: {
    description:
      'The whole source tree is copied before dependencies are installed, so every code change re-runs the install; copy the manifests and install first',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    messages: {
      order:
        'The source tree is copied before `{{step}}` (line {{line}}): any code change re-installs all dependencies. Copy only the manifest/lock files, install, then copy the rest',
    },
    spec: '02-production-self-check: Dependencies copied and installed BEFORE source code (layer caching)',
  },
  create(context) {
    return {
      stageExit(stage) {
        let tree: CopyInstruction | AddInstruction | undefined;
        for (const ins of stage.instructions) {
          if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !tree) {
            if (ins.keyword === 'COPY' && ins.from) continue;
            const whole = ins.sources.some((s) => !s.heredoc && ['.', '*'].includes(contextPath(s.value)));
            if (whole) tree = ins;
            continue;
          }
          if (ins.keyword !== 'RUN' || !tree) continue;
          for (const { cmd } of commandsOf(context, ins)) {
            const step = dependencyInstall(cmd);
            if (!step) continue;
            const src =
              tree.sources.find((s) => ['.', '*'].includes(contextPath(s.value))) ?? tree.sources[0]!;
            context.report({
              node: tree,
              range: src.range,
              messageId: 'order',
              data: { step, line: context.ast.source.positionAt(cmd.sourceRange.start).line },
            });
            return;
          }
        }
      },
    };
  },
});
