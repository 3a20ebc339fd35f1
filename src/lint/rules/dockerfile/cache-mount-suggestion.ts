import type { RunInstruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import type { ShellCommand } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import {
  cacheMountTargets,
  commandHeadRange,
  isBuildOnlyStage,
  operands,
  pipCall,
  type RunCommand,
  runCommands,
} from '../support/pkg-shell.js';

interface Env {
  readonly home: string;
  readonly golang: boolean;
  readonly rust: boolean;
  lookup(name: string): string | undefined;
}

interface Tool {
  readonly name: string;
  matches(cmd: ShellCommand): boolean;
  /** Mount targets to suggest; each with a test saying whether an existing target already covers it. */
  mounts(env: Env, cmd: ShellCommand): { target: string; covered: RegExp; env?: string; extra?: string }[];
}

const TOOLS: readonly Tool[] = [
  {
    name: 'npm',
    matches: (c) => c.is('npm', ['ci', 'install', 'i', 'clean-install']),
    mounts: (e) => [{ target: `${e.home}/.npm`, covered: /\/\.npm$/, env: 'npm_config_cache' }],
  },
  {
    name: 'pnpm',
    matches: (c) => c.is('pnpm', ['install', 'i', 'add', 'fetch']),
    mounts: (e) => [
      { target: `${e.home}/.local/share/pnpm/store`, covered: /pnpm(?:\/store)?$|\.pnpm-store$/ },
    ],
  },
  {
    name: 'yarn',
    matches: (c) =>
      c.is('yarn') &&
      (['install', 'add'].includes(c.subcommand() ?? '') ||
        (c.subcommand() === undefined && !c.hasFlag('-v', '--version', '-h', '--help'))),
    mounts: () => [
      {
        target: '/usr/local/share/.cache/yarn',
        covered: /yarn(?:\/berry\/cache)?$/,
        env: 'YARN_CACHE_FOLDER',
      },
    ],
  },
  {
    name: 'pip',
    matches: (c) => {
      const call = pipCall(c);
      return !!call && !call.uv && call.subcommand === 'install';
    },
    mounts: (e) => [
      { target: `${e.home}/.cache/pip`, covered: /\/\.cache(?:\/pip)?$/, env: 'PIP_CACHE_DIR' },
    ],
  },
  {
    name: 'uv',
    matches: (c) => c.is('uv', ['sync', 'add']) || c.is('uv', 'pip', 'install'),
    mounts: (e) => [{ target: `${e.home}/.cache/uv`, covered: /\/\.cache(?:\/uv)?$/, env: 'UV_CACHE_DIR' }],
  },
  {
    name: 'poetry',
    matches: (c) => c.is('poetry', 'install'),
    mounts: (e) => [
      { target: `${e.home}/.cache/pypoetry`, covered: /\/\.cache(?:\/pypoetry)?$/, env: 'POETRY_CACHE_DIR' },
    ],
  },
  {
    name: 'go',
    matches: (c) => c.is('go', ['build', 'install', 'test']) || c.is('go', 'mod', 'download'),
    mounts: (e, c) => {
      const gopath = e.lookup('GOPATH') ?? (e.golang ? '/go' : `${e.home}/go`);
      const out = [
        { target: `${gopath}/pkg/mod`, covered: /pkg\/mod(?:\/cache(?:\/download)?)?$/, env: 'GOMODCACHE' },
      ];
      if (c.subcommand() !== 'mod')
        out.push({ target: `${e.home}/.cache/go-build`, covered: /go-build$/, env: 'GOCACHE' });
      return out;
    },
  },
  {
    name: 'cargo',
    matches: (c) => c.is('cargo', ['build', 'install', 'fetch', 'test']),
    mounts: (e) => [
      {
        target: `${e.lookup('CARGO_HOME') ?? (e.rust ? '/usr/local/cargo' : `${e.home}/.cargo`)}/registry`,
        covered: /cargo(?:\/registry)?$/,
      },
    ],
  },
  {
    name: 'maven',
    matches: (c) => c.is(['mvn', 'mvnw']) && operands(c, 0).length > 0,
    // The repository only: a mount on ~/.m2 would hide a settings.xml the image put there.
    mounts: (e) => [{ target: `${e.home}/.m2/repository`, covered: /\.m2(?:\/repository)?$/ }],
  },
  {
    name: 'gradle',
    matches: (c) => c.is(['gradle', 'gradlew']) && operands(c, 0).length > 0,
    // The caches only: gradle.properties and init scripts live next to them in ~/.gradle.
    mounts: (e) => [
      { target: `${e.home}/.gradle/caches`, covered: /\.gradle(?:\/caches)?$/, env: 'GRADLE_USER_HOME' },
    ],
  },
  {
    name: 'apt-get',
    matches: (c) => c.is(['apt-get', 'apt'], 'install'),
    mounts: () => [
      { target: '/var/cache/apt', covered: /^\/var\/cache\/apt/, extra: ',sharing=locked' },
      { target: '/var/lib/apt', covered: /^\/var\/lib\/apt/, extra: ',sharing=locked' },
    ],
  },
];

const ROOT = /^(?:root|0)(?::.*)?$/;

export default defineRule({
  name: 'cache-mount-suggestion',
  meta: {
    description:
      'A package manager downloads everything again on each rebuild of a build stage; persist its cache with `RUN --mount=type=cache`',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    fixable: 'unsafe',
    messages: {
      suggest: '`{{command}}` re-downloads its dependencies on every rebuild; add `{{mount}}` to this RUN',
    },
    sources: [],
    spec: '05-writing-dockerfiles-plan: Use BuildKit cache mounts (`--mount=type=cache`) to persist package caches',
  },
  create(context) {
    const envAt = (node: RunInstruction, stage: Stage): Env | undefined => {
      const scope = context.model.scopeAt(node);
      // The cache lives in the user's home: give up when a non-root USER is in effect and HOME is unknown.
      let user: string | undefined;
      for (let s: Stage | undefined = stage; s && user === undefined; s = s.baseStage) {
        for (const i of s.instructions) {
          if (i.keyword === 'USER' && (s !== stage || i.range.start < node.range.start)) user = i.user?.value;
        }
      }
      const home = scope.lookup('HOME') ?? (user === undefined || ROOT.test(user) ? '/root' : undefined);
      if (!home) return undefined;
      const image = (s: Stage | undefined): string => {
        let cur = s;
        while (cur?.baseStage) cur = cur.baseStage;
        return cur?.base.ref?.name ?? cur?.base.raw ?? '';
      };
      const name = image(stage);
      return {
        home,
        golang: /(?:^|\/)golang$/.test(name),
        rust: /(?:^|\/)rust$/.test(name),
        lookup: (n) => scope.lookup(n),
      };
    };
    return {
      RUN(node, stage) {
        if (!stage || !isBuildOnlyStage(context, stage)) return;
        const env = envAt(node, stage);
        if (!env) return;
        const targets = cacheMountTargets(context, node);
        const seen = new Set<string>();
        const found: { rc: RunCommand; tool: Tool }[] = [];
        for (const rc of runCommands(context, node)) {
          const tool = TOOLS.find((t) => t.matches(rc.cmd));
          if (!tool || seen.has(tool.name)) continue;
          seen.add(tool.name);
          found.push({ rc, tool });
        }
        for (const { rc, tool } of found) {
          const missing = tool.mounts(env, rc.cmd).filter((m) => {
            const configured = m.env ? env.lookup(m.env) : undefined;
            if (configured && targets.includes(configured.replace(/\/+$/, ''))) return false;
            if (configured) return false; // a custom cache location we cannot map: stay quiet
            return !targets.some((t) => m.covered.test(t) || t === m.target);
          });
          if (missing.length === 0) continue;
          const mount = missing.map((m) => `--mount=type=cache,target=${m.target}${m.extra ?? ''}`).join(' ');
          const words = [rc.cmd.program, rc.cmd.subcommand()].filter((w) => w !== undefined);
          context.report({
            node,
            range: commandHeadRange(rc, operands(rc.cmd, 0).length ? undefined : rc.cmd.nameWord),
            messageId: 'suggest',
            data: { command: words.join(' '), mount },
            fix: { range: { start: node.keywordRange.end, end: node.keywordRange.end }, text: ` ${mount}` },
          });
        }
      },
    };
  },
});
