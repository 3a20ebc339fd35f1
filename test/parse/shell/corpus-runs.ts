import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runsPosixShell } from '../../../src/lint/engine/linter.js';
import { buildModel, type MappedText, parseDockerfile } from '../../../src/parse/dockerfile/index.js';
import { corporaDir, corpusPath } from '../../helpers/corpora.js';

/** A shell script found in a corpus Dockerfile: a shell-form RUN command or a RUN heredoc body. */
export interface CorpusRun {
  readonly file: string;
  readonly line: number;
  readonly text: MappedText;
}

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/Dockerfile|\.dockerfile$/i.test(entry)) out.push(p);
  }
  return out;
}

/** Every POSIX-shell RUN script in the corpora, extracted by the real Dockerfile parser. */
export function corpusRuns(): CorpusRun[] {
  const files = ['official-images', 'awesome-compose'].flatMap((d) => walk(corpusPath(d), [])).sort();
  const runs: CorpusRun[] = [];
  for (const path of files) {
    const file = relative(corporaDir, path);
    const ast = parseDockerfile(readFileSync(path, 'utf8'), { path: file });
    const model = buildModel(ast);
    for (const ins of ast.instructions) {
      if (ins.keyword !== 'RUN' || !runsPosixShell(model.stageOf(ins), ins)) continue;
      if (ins.form === 'shell' && ins.command && ins.heredocs.length === 0)
        runs.push({ file, line: ins.startLine, text: ins.command });
      for (const heredoc of ins.heredocs) runs.push({ file, line: ins.startLine, text: heredoc.body });
    }
  }
  return runs;
}
