import { describe, expect, it } from 'vitest';
import { parseShell, type ShellCommand } from '../../../src/parse/shell/index.js';

function only(src: string): ShellCommand {
  const script = parseShell(src);
  expect(script.diagnostics).toEqual([]);
  const cmds = script.commands();
  expect(cmds).toHaveLength(1);
  return cmds[0] as ShellCommand;
}

describe('ShellCommand.is', () => {
  it.each<[string, string | string[], string[], boolean]>([
    ['apt-get install -y curl', 'apt-get', ['install'], true],
    ['apt-get -y install curl', 'apt-get', ['install'], true],
    ['apt-get -qq -o Dpkg::Options::=--force-confnew install curl', 'apt-get', ['install'], true],
    ['apt-get -o Acquire::Retries=3 update', 'apt-get', ['install'], false],
    ['/usr/bin/apt-get install x', 'apt-get', ['install'], true],
    ['apt-get update', 'apt-get', [], true],
    ['apt install curl', 'apt-get', [], false],
    ['pip3 --no-cache-dir install -r req.txt', ['pip', 'pip3'], ['install'], true],
    ['git -C /src remote add origin x', 'git', ['remote', 'add'], true],
    ['docker compose up', 'docker', ['compose', 'up'], true],
    ['$APT install x', 'apt-get', [], false],
    ['"apt-get" install x', 'apt-get', ['install'], true],
    ['apk add --no-cache --virtual .deps gcc', 'apk', ['add'], true],
  ])('%j is(%j, %j) = %s', (src, name, subs, expected) => {
    expect(only(src).is(name, ...subs)).toBe(expected);
  });
});

describe('ShellCommand flags', () => {
  it.each<[string, string[], boolean]>([
    ['apt-get install --no-install-recommends x', ['--no-install-recommends'], true],
    ['apt-get install -qy x', ['-y'], true],
    ['apt-get install -yq x', ['-y'], true],
    ['apt-get install --yes x', ['-y', '--yes', '--assume-yes'], true],
    ['apt-get install x', ['-y'], false],
    ['apt-get install -o APT::Install-Recommends=false x', ['--no-install-recommends'], false],
    ['npm install --prefix=/app', ['--prefix'], true],
    ['curl -fsSLo /tmp/x https://e', ['-L'], true],
    ['curl -fsSLo /tmp/x https://e', ['-e'], false],
    ['tar -xzf a.tgz -C /opt', ['-f'], true],
    ['go build -ldflags=-s ./...', ['-ldflags'], true],
    ['rm -- -y', ['-y'], false],
    ['echo "-y"', ['-y'], true],
  ])('%j hasFlag(%j) = %s', (src, flags, expected) => {
    expect(only(src).hasFlag(...flags)).toBe(expected);
  });

  it.each<[string, string[], string | undefined, string[]]>([
    [
      'apt-get -o APT::Install-Recommends=false -o A=b install x',
      ['-o'],
      'A=b',
      ['APT::Install-Recommends=false', 'A=b'],
    ],
    ['curl -fsSLo /tmp/x https://e', ['-o', '--output'], '/tmp/x', ['/tmp/x']],
    ['curl -o/tmp/y --output=/tmp/z u', ['-o', '--output'], '/tmp/z', ['/tmp/y', '/tmp/z']],
    [
      'apt-get install -t bookworm-backports x',
      ['-t', '--target-release'],
      'bookworm-backports',
      ['bookworm-backports'],
    ],
    ['wget -q -O- https://e', ['-O'], '-', ['-']],
    ['set -euxo pipefail', ['-o'], 'pipefail', ['pipefail']],
    ['pip install --index-url "$URL" x', ['--index-url'], undefined, []],
    ['apt-get install x', ['-o'], undefined, []],
  ])('%j flagValue(%j)', (src, flags, last, all) => {
    const cmd = only(src);
    expect(cmd.flagValue(...flags)).toBe(last);
    expect(cmd.flagValues(...flags)).toEqual(all);
  });

  it.each<[string, (string | undefined)[]]>([
    ['apt-get install -y --no-install-recommends curl=7.88 git', ['install', 'curl=7.88', 'git']],
    ['apt-get -o Dpkg::Options::=x install -y curl', ['install', 'curl']],
    ['pip install -r requirements.txt -c c.txt flask==2.0', ['install', 'flask==2.0']],
    ['apk add --virtual .build-deps gcc musl-dev', ['add', 'gcc', 'musl-dev']],
    ['gem install -v 1.2 bundler', ['install', 'bundler']],
    ['curl -sSL -H "Accept: x" -o out https://example.com', ['https://example.com']],
    ['tar -xzf node.tgz -C /usr/local --strip-components=1', []],
    ['cp -- -a b', ['-a', 'b']],
    ['useradd -m -u 1000 -g app -s /bin/sh app', ['app']],
    ['echo $X "$Y"', ['$X', '"$Y"']],
  ])('%j positionalArgs', (src, expected) => {
    expect(
      only(src)
        .positionalArgs()
        .map((w) => w.value ?? w.raw),
    ).toEqual(expected);
  });

  it('options() exposes names, values and words', () => {
    const cmd = only('apt-get -qy -o A=1 install --target-release=sid x');
    expect(cmd.options().map((o) => [o.name, o.value])).toEqual([
      ['-q', undefined],
      ['-y', undefined],
      ['-o', 'A=1'],
      ['--target-release', 'sid'],
    ]);
    expect(cmd.subcommand()).toBe('install');
  });
});

describe('ShellCommand wrappers', () => {
  it.each<[string, string | undefined, string[], string[]]>([
    ['sudo apt-get install x', 'apt-get', ['sudo'], ['install', 'x']],
    ['sudo -u app -E env A=1 B=2 nice -n 5 pip install x', 'pip', ['sudo', 'env', 'nice'], ['install', 'x']],
    ['command apt-get update', 'apt-get', ['command'], ['update']],
    ['command -v curl', 'command', [], ['-v', 'curl']],
    ['exec gosu app node server.js', 'node', ['exec', 'gosu'], ['server.js']],
    ['timeout -s KILL 30 curl -f u', 'curl', ['timeout'], ['-f', 'u']],
    ['xargs -r -I{} rm {}', 'rm', ['xargs'], ['{}']],
    ['xargs -n 1 apt-get install -y', 'apt-get', ['xargs'], ['install', '-y']],
    ['env', 'env', [], []],
    ['sudo -i', 'sudo', [], ['-i']],
    ['time make -j4', 'make', [], ['-j4']],
    ['/usr/bin/time -v make', 'make', ['time'], []],
    ['busybox wget -q u', 'wget', ['busybox'], ['-q', 'u']],
    ['FOO=1 sudo apt-get update', 'apt-get', ['sudo'], ['update']],
  ])('%j', (src, name, wrappers, args) => {
    const script = parseShell(src);
    const cmd = script.commands()[0] as ShellCommand;
    expect(cmd.name).toBe(name);
    expect(cmd.wrappers.map((w) => w.name)).toEqual(wrappers);
    expect(cmd.args.map((w) => w.value)).toEqual(args);
  });

  it('wrapper arguments are kept', () => {
    const cmd = only('sudo -u app env PATH=/x:$PATH make');
    expect(cmd.wrappers.map((w) => w.args.map((a) => a.raw))).toEqual([['-u', 'app'], ['PATH=/x:$PATH']]);
  });
});

describe('operators and structure', () => {
  it('connecting operators tell && from ; and |', () => {
    const script = parseShell('cd /x && make; cd /y\nmake | tee log || true &');
    const ops = script
      .commands()
      .map((c) => [c.name, c.operatorBefore?.op ?? null, c.operatorAfter?.op ?? null]);
    expect(ops).toEqual([
      ['cd', null, '&&'],
      ['make', '&&', ';'],
      ['cd', ';', '\n'],
      ['make', '\n', '|'],
      ['tee', '|', '||'],
      ['true', '||', '&'],
    ]);
    expect(script.commands()[3]?.inPipeline).toBe(true);
    expect(script.commands()[0]?.inPipeline).toBe(false);
  });

  it('finds commands everywhere, in source order, with their origin', () => {
    const src = [
      'if [ -n "$(curl -s u | jq .v)" ]; then',
      '  for p in a b; do pip install "$p"; done',
      'fi',
      "V=`cat /v` sh -c 'apt-get update && apt-get install -y x'",
      'diff <(sort a) b',
      'case $1 in x) f() { wget u; } ;; esac',
    ].join('\n');
    const script = parseShell(src);
    expect(script.diagnostics).toEqual([]);
    expect(script.commands().map((c) => `${c.name}:${c.origin}`)).toEqual([
      '[:script',
      'curl:substitution',
      'jq:substitution',
      'pip:script',
      'sh:script', // its range starts at the `V=` prefix, before the substitution inside it
      'cat:substitution',
      'apt-get:sh-c',
      'apt-get:sh-c',
      'diff:script',
      'sort:process-substitution',
      'wget:script',
    ]);
    const inner = script.find('apt-get', 'install')[0];
    expect(inner?.shell?.name).toBe('sh');
    expect(inner?.hasFlag('-y')).toBe(true);
    // Ranges of commands in the sh -c string point into the outer text.
    expect(src.slice(inner?.range.start, inner?.range.end)).toBe('apt-get install -y x');
    expect(inner?.ancestors.some((n) => n.type === 'SimpleCommand')).toBe(true);
  });

  it('parses bash -lc and su -c strings; skips dynamic strings', () => {
    const script = parseShell(
      `bash -lc "npm ci && npm run build" && su -c 'make install' app && sh -c "echo $X"`,
    );
    expect(script.commands().map((c) => c.name)).toEqual(['bash', 'npm', 'npm', 'su', 'make', 'sh']);
    expect(parseShell(`sh -c 'a | b'`).hasPipe()).toBe(false);
    expect(parseShell(`sh -c 'a | b'`).hasPipe({ includeShellStrings: true })).toBe(true);
    expect(parseShell(`sh -c 'a | b'`, { parseShellStrings: false }).commands()).toHaveLength(1);
  });

  it('reports syntax errors in sh -c strings as warnings with outer ranges', () => {
    const src = `sh -c 'if true; then echo'`;
    const script = parseShell(src);
    expect(script.diagnostics).toHaveLength(1);
    expect(script.diagnostics[0]?.severity).toBe('warning');
    expect(script.diagnostics[0]?.message).toMatch(/^in sh -c string:/);
  });

  it('hasPipe and pipelines', () => {
    expect(parseShell('a && b; c').hasPipe()).toBe(false);
    expect(parseShell('a | b').hasPipe()).toBe(true);
    expect(parseShell('x=$(a | b)').hasPipe()).toBe(true);
    expect(parseShell('echo "a | b" \\| c').hasPipe()).toBe(false);
    expect(parseShell('cat <<EOF\na | b\nEOF').hasPipe()).toBe(false);
    const pipelines = parseShell('a | b && c').pipelines();
    expect(pipelines.map((p) => p.node.commands.length)).toEqual([2, 1]);
  });

  it('DL4006-style check: set -o pipefail before a pipe', () => {
    const script = parseShell('set -eux; set -o pipefail; curl -s u | tar -x');
    const set = script.find('set').find((c) => c.flagValues('-o').includes('pipefail'));
    expect(set).toBeDefined();
    const pipe = script.pipelines().find((p) => p.node.commands.length > 1);
    expect((set?.range.start ?? Infinity) < (pipe?.node.range.start ?? -1)).toBe(true);
  });

  it('DL4001-style check: both wget and curl', () => {
    const script = parseShell('wget -q u && x=$(curl -s v)');
    expect(script.find('wget')).toHaveLength(1);
    expect(script.find('curl')).toHaveLength(1);
  });

  it('assignment-only and redirect-only commands have no name', () => {
    const script = parseShell('FOO=bar; > /tmp/x');
    expect(
      script.commands().map((c) => [c.name, c.node.assignments.length, c.node.redirects.length]),
    ).toEqual([
      [undefined, 1, 0],
      [undefined, 0, 1],
    ]);
    expect(script.commands()[0]?.is('FOO')).toBe(false);
  });
});
