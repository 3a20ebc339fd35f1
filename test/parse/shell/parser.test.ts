import { describe, expect, it } from 'vitest';
import { parseShell } from '../../../src/parse/shell/index.js';
import { dumpList, dumpWord } from './dump.js';

function ast(src: string): string {
  const script = parseShell(src);
  expect(script.diagnostics).toEqual([]);
  return dumpList(script.body);
}

describe('parseShell: lists and operators', () => {
  it.each([
    ['apt-get update', '[apt-get update]'],
    ['a && b || c', '[a] && [b] || [c]'],
    ['a; b & c', '[a]; [b]& [c]'],
    ['a | b |& c', '[a] | [b] |& [c]'],
    ['! a | b && c', '! [a] | [b] && [c]'],
    ['a &&\n b', '[a] && [b]'],
    ['a |\n\n b', '[a] | [b]'],
    ['a\nb\n', '[a]⏎ [b]⏎'],
    ['cd /x && make; cd /', '[cd /x] && [make]; [cd /]'],
    ['time a | b', 'time [a] | [b]'],
    ['  ;; ', ''],
  ])('%j', (src, expected) => {
    if (src.trim() === ';;') {
      expect(parseShell(src).diagnostics.map((d) => d.code)).toEqual(['shell/unexpected-token']);
      return;
    }
    expect(ast(src)).toBe(expected);
  });
});

describe('parseShell: compound commands', () => {
  it.each([
    ['(cd /x && make) > log', '([cd /x] && [make]) >log'],
    ['{ a; b; } 2>&1', '{[a]; [b];} 2>&1'],
    ['{ echo }; }', '{[echo }];}'],
    [
      'if [ -f x ]; then a; elif b; then c; else d; fi',
      'if <[[ -f x ]];> then <[a];> elif <[b];> then <[c];> else <[d];> fi',
    ],
    ['if true\nthen\n  a\nfi', 'if <[true]⏎> then <[a]⏎> fi'],
    ['for f in a b "c d"; do echo $f; done', 'for f in a b "c d" do <[echo $f];> done'],
    ['for f; do :; done', 'for f do <[:];> done'],
    ['for ((i=0; i<3; i++)); do echo $i; done', 'for ((i=0; i<3; i++)) do <[echo $i];> done'],
    ['while read -r l; do echo "$l"; done < f', 'while <[read -r l];> do <[echo "$l"];> done <f'],
    ['until false; do break; done', 'until <[false];> do <[break];> done'],
    [
      'case "$x" in a|b) one;; (c) two ;& *) ;; esac',
      'case "$x" in a|b) <[one]>;; c) <[two]>;& *) <>;; esac',
    ],
    ['case $a in\n  x)\n    y\n    ;;\nesac', 'case $a in x) <[y]⏎>;; esac'],
    ['f() { echo hi; }', 'function f {[echo hi];}'],
    ['function g { :; }', 'function g {[:];}'],
    ['(( x > 1 )) && echo', '(( x > 1 )) && [echo]'],
    ['[[ $a == b* && -n "$c" ]]', '[[ $a == b* && -n "$c" ]]'],
    ['[[ $v =~ ^(a|b)$ ]]', '[[ $v =~ ^(a|b)$ ]]'],
    ['a=(1 2 3) b+=x c[1]=y cmd', '[a=(1 2 3) b+=x c=y cmd]'],
    ['FOO= BAR="x y" cmd arg', '[FOO= BAR="x y" cmd arg]'],
    ['echo a=b', '[echo a=b]'],
  ])('%j', (src, expected) => {
    expect(ast(src)).toBe(expected);
  });
});

describe('parseShell: words', () => {
  const word = (src: string, i = 1): string => {
    const script = parseShell(src);
    expect(script.diagnostics).toEqual([]);
    const cmd = script.commands()[0];
    const w = cmd?.node.words[i];
    if (!w) throw new Error(`no word ${i}`);
    return dumpWord(w);
  };
  it.each([
    ['echo abc', 'lit(abc)'],
    ["echo 'a b'", 'sq(a b)'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    ['echo "a $B ${C:-d e} $(f g)"', 'dq[lit(a ) $B lit( ) ${C:-lit(d e)} lit( ) $([f g])]'],
    ['echo a\\ b\\"c', 'lit(a b"c)'],
    ['echo "q\\"\\$x\\n"', 'dq[lit(q"$x\\n)]'],
    ["echo $'a\\tb\\x41'", 'ansi("a\\tbA")'],
    ['echo $((1 + $x))', '$((lit(1 + ) $x))'],
    ['echo $(( (1+2) * 3 ))', '$((lit( (1+2) * 3 )))'],
    ['echo `date +%s`', '`[date +%s]`'],
    ['echo "`echo \\"in\\"`"', 'dq[`[echo "in"]`]'],
    ['echo $(echo $(echo deep))', '$([echo $(echo deep)])'],
    ['echo /var/lib/apt/lists/*', 'lit(/var/lib/apt/lists/) glob(*)'],
    ['echo file?.[ch]', 'lit(file) glob(?) lit(.) glob([ch])'],
    ['echo [ x', 'lit([)'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    ['echo ${#arr[@]} ${!ref} ${x##*/} ${y/a/b}', '${#arr[@]}'],
    ['echo $1$@$#$?', '$1 $@ $# $?'],
    ['echo $ $/ a$', 'lit($)'],
    ['echo ~/x {a,b}', 'lit(~/x)'],
    ['echo a\\\nb', 'lit(ab)'],
    ['diff <(sort a) <(sort b)', '<([sort a])'],
    ['echo $"loc"', 'dq[lit(loc)]'],
    ['echo @(a|b)', 'glob(@(a|b))'],
  ])('%j', (src, expected) => {
    expect(word(src)).toBe(expected);
  });

  it('static values and raw text', () => {
    const [cmd] = parseShell(`apt-get install -y "curl" 'git' ca-\\\ncertificates pkg=$V lists/*`).commands();
    expect(cmd?.args.map((w) => w.value)).toEqual([
      'install',
      '-y',
      'curl',
      'git',
      'ca-certificates',
      undefined,
      'lists/*',
    ]);
    expect(cmd?.args.map((w) => w.raw)).toEqual([
      'install',
      '-y',
      '"curl"',
      "'git'",
      'ca-\\\ncertificates',
      'pkg=$V',
      'lists/*',
    ]);
  });
});

describe('parseShell: comments, continuations, heredocs', () => {
  it('comments end at newline and are kept', () => {
    const script = parseShell('a # one\n# two\nb#not-a-comment');
    expect(script.comments.map((c) => c.text)).toEqual(['# one', '# two']);
    expect(dumpList(script.body)).toBe('[a]⏎ [b#not-a-comment]');
  });

  it('escaped newlines join words and commands', () => {
    expect(ast('apt-get update \\\n && apt-get install \\\n\tcurl')).toBe(
      '[apt-get update] && [apt-get install curl]',
    );
  });

  it('heredoc bodies are attached to their redirect and skipped by the parser', () => {
    const src = 'cat <<EOF > /etc/x && echo done\nline $HOME\n$(id -u)\nEOF\necho after';
    const script = parseShell(src);
    expect(script.diagnostics).toEqual([]);
    expect(dumpList(script.body)).toBe('[cat <<EOF >/etc/x] && [echo done]⏎ [echo after]');
    const redirect = script.body[0]?.pipelines[0]?.commands[0]?.redirects[0];
    expect(redirect?.heredoc?.delimiter).toBe('EOF');
    expect(redirect?.heredoc?.quoted).toBe(false);
    expect(dumpWord(redirect?.heredoc?.body as never)).toBe('lit(line ) $HOME lit(\n) $([id -u]) lit(\n)');
    // Commands inside an unquoted heredoc body are found.
    expect(script.commands().map((c) => c.name)).toEqual(['cat', 'echo', 'id', 'echo']);
  });

  it('quoted and tab-stripped heredocs', () => {
    const script = parseShell("cat <<-'END' | sh\n\techo $X\n\tEND\n");
    expect(script.diagnostics).toEqual([]);
    const heredoc = script.body[0]?.pipelines[0]?.commands[0]?.redirects[0]?.heredoc;
    expect(heredoc?.quoted).toBe(true);
    expect(heredoc?.stripTabs).toBe(true);
    expect(heredoc?.body.value).toBe('echo $X\n');
    expect(script.hasPipe()).toBe(true);
  });

  it('two heredocs on one line are read in order', () => {
    const script = parseShell('paste <<A <<B\n1\nA\n2\nB\n');
    const redirects = script.body[0]?.pipelines[0]?.commands[0]?.redirects ?? [];
    expect(redirects.map((r) => r.heredoc?.body.value)).toEqual(['1\n', '2\n']);
  });

  it('here-strings', () => {
    expect(ast('read a <<< "$x"')).toBe('[read a <<<"$x"]');
  });
});

describe('parseShell: diagnostics (never throws, recovers)', () => {
  it.each([
    ["echo 'abc", 'shell/unterminated-quote'],
    ['echo "abc', 'shell/unterminated-quote'],
    ['echo $(date', 'shell/unterminated'],
    ['echo ${x', 'shell/unterminated'],
    ['echo `date', 'shell/unterminated'],
    ['(a; b', 'shell/unterminated'],
    ['if a; then b', 'shell/missing-keyword'],
    ['for x in a; do b', 'shell/missing-keyword'],
    ['{ a; ', 'shell/missing-keyword'],
    ['case x in a) b;;', 'shell/missing-keyword'],
    ['a && ', 'shell/missing-command'],
    ['a | ', 'shell/missing-command'],
    ['fi', 'shell/unexpected-token'],
    ['a ) b', 'shell/unexpected-token'],
    ['cat <<EOF\nno end', 'shell/unterminated-heredoc'],
    ['cat <<EOF', 'shell/heredoc-missing-body'],
    ['echo >', 'shell/missing-word'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    ['echo ${}', 'shell/bad-substitution'],
  ])('%j → %s', (src, code) => {
    const script = parseShell(src);
    expect(script.diagnostics.map((d) => d.code)).toContain(code);
    for (const d of script.diagnostics) {
      expect(d.range.start).toBeGreaterThanOrEqual(0);
      expect(d.range.end).toBeLessThanOrEqual(src.length);
    }
  });

  it('recovers: commands after an error are still found', () => {
    const script = parseShell('echo ) ; apt-get install curl');
    expect(script.diagnostics.length).toBeGreaterThan(0);
    expect(script.find('apt-get', 'install')).toHaveLength(1);
  });

  it('posix dialect reports bash-only syntax as info', () => {
    const src = "[[ -n $x ]] && a=(1 2) && echo $'x' &> /dev/null |& cat <(ls)";
    expect(parseShell(src).diagnostics).toEqual([]);
    const posix = parseShell(src, { dialect: 'posix' });
    expect(posix.diagnostics.every((d) => d.code === 'shell/not-posix' && d.severity === 'info')).toBe(true);
    expect(posix.diagnostics.length).toBeGreaterThanOrEqual(5);
  });
});
