import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corporaDir, corpusPath } from '../../helpers/corpora.js';

/**
 * A deliberately small RUN extractor for the shell corpus test, independent of
 * the Dockerfile parser (written concurrently). TODO: switch to the real
 * Dockerfile parser once it lands.
 *
 * - joins lines ending in the escapeChar character (`\`, or the `# escapeChar=` one), skipping
 *   comment lines inside a continuation, as Docker does;
 * - strips RUN flags (`--mount=…`, `--network=…`);
 * - skips exec-form RUN (JSON array) and stages with a non-POSIX shell
 *   (Windows base images, `SHELL ["powershell" …]`, `SHELL ["cmd" …]`);
 * - `RUN <<EOF` alone yields the heredoc body; `RUN cmd <<EOF …` yields the command line
 *   plus the body lines and terminator, which is valid shell.
 */
export interface CorpusRun {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/Dockerfile|\.dockerfile$/i.test(entry)) out.push(p);
  }
  return out;
}

export function extractRuns(text: string, file: string): CorpusRun[] {
  const lines = text.split(/\r?\n/);
  const runs: CorpusRun[] = [];
  let escapeChar = '\\';
  let nonPosix = false;
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] as string;
    const directive = /^#\s*escapeChar\s*=\s*(\S)/i.exec(first);
    if (directive && i < 5) escapeChar = directive[1] as string;
    if (/^\s*#/.test(first) || first.trim() === '') continue;
    const startLine = i + 1;
    let joined = first;
    while (joined.endsWith(escapeChar) && i + 1 < lines.length) {
      joined = joined.slice(0, -1);
      i++;
      while (i < lines.length && /^\s*#/.test(lines[i] as string)) i++;
      if (i < lines.length) joined += lines[i];
    }
    const kw = /^\s*(\w+)\s*/.exec(joined);
    if (!kw) continue;
    const instruction = (kw[1] as string).toUpperCase();
    let rest = joined.slice(kw[0].length);
    if (instruction === 'FROM') nonPosix = /windows|nanoserver|servercore/i.test(rest);
    if (instruction === 'SHELL') nonPosix = /powershell|pwsh|cmd/i.test(rest);
    if (instruction !== 'RUN') continue;
    rest = rest.replace(/^(--\S+\s*)+/, '');
    if (rest.trimStart().startsWith('[') || nonPosix || escapeChar !== '\\') continue;
    const heredocs = [...rest.matchAll(/<<(-?)(["']?)(\w+)\2/g)];
    if (heredocs.length > 0 && /^\s*<<-?["']?\w+["']?\s*$/.test(rest)) {
      const tag = (heredocs[0] as RegExpMatchArray)[3];
      const body: string[] = [];
      while (++i < lines.length && (lines[i] as string).trim() !== tag) body.push(lines[i] as string);
      runs.push({ file, line: startLine, text: body.join('\n') });
      continue;
    }
    let full = rest;
    for (const h of heredocs) {
      const strip = h[1] === '-';
      while (++i < lines.length) {
        const line = lines[i] as string;
        full += `\n${line}`;
        if ((strip ? line.replace(/^\t+/, '') : line) === h[3]) break;
      }
    }
    runs.push({ file, line: startLine, text: full });
  }
  return runs;
}

export function corpusRuns(): CorpusRun[] {
  const files = ['official-images', 'awesome-compose'].flatMap((d) => walk(corpusPath(d), []));
  files.sort();
  return files.flatMap((f) => extractRuns(readFileSync(f, 'utf8'), relative(corporaDir, f)));
}
