import type { CopyInstructionBase } from '../../parse/dockerfile/index.js';
import {
  allInstructions,
  findByBasename,
  ignoreCulprit,
  instructionForStep,
  instructionLocation,
  locateStep,
} from '../project.js';
import type { Detector, Finding, LogLine, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { finding, rangesOf, stepErrorLine } from '../util.js';

const PATTERNS: readonly RegExp[] = [
  // BuildKit: failed to compute cache key: failed to calculate checksum of ref …: "/app/x": not found
  /(?:failed to compute cache key|failed to calculate checksum of ref \S+?):.*?"([^"]+)": not found/,
  // BuildKit walking a bind mount / COPY source
  /failed to walk \S*?buildkit-mount\d+(\/\S*?): lstat .*no such file or directory/,
  // Classic builder
  /(?:COPY|ADD) failed: (?:file not found in build context or excluded by \.dockerignore: )?stat (\S+): (?:file does not exist|no such file or directory)/,
  /(?:COPY|ADD) failed: no source files were specified/,
  // buildah / podman
  /checking on sources under "[^"]*": (?:copier: stat: )?"([^"]+)": no such file or directory/,
  /no items matching glob "([^"]+)" copied \(\d+ filtered out\)/,
];

function contextPath(raw: string): string {
  return raw
    .replace(/^\/var\/lib\/docker\/tmp\/docker-builder\d+\//, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
}

function sourceMatches(ins: CopyInstructionBase, path: string): boolean {
  return ins.sources.some((s) => {
    const src = s.value.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
    return (
      src === path ||
      path.startsWith(`${src}/`) ||
      (src.includes('*') && path.split('/').at(-1) === src.split('/').at(-1))
    );
  });
}

export const copySourceNotFound: Detector = {
  situation: 'copy-source-not-found',
  title: 'COPY/ADD source not found',
  docs: 'https://docs.docker.com/build/concepts/context/#dockerignore-files',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    let hit: { line: LogLine; path: string } | undefined;
    for (const line of log.lines) {
      if (line.redraw) continue;
      for (const re of PATTERNS) {
        const m = re.exec(line.body);
        if (m) {
          hit = { line, path: contextPath(m[1] ?? '') };
          break;
        }
      }
      if (hit) break;
    }
    if (!hit) return [];
    const { line, path } = hit;
    const step = line.step;
    const fromStage = step ? /--from=(\S+)/.exec(step.instruction)?.[1] : undefined;
    const errorLine = stepErrorLine(log, step);
    const evidence = rangesOf([
      step && step.line < line.line ? log.lines[step.line - 1] : undefined,
      line,
      errorLine,
    ]);
    const locations: ProjectLocation[] = [];
    let copyLoc = instructionForStep(project, step);
    if (!copyLoc && project && path) {
      copyLoc = allInstructions(project).find(
        (x) =>
          (x.ins.keyword === 'COPY' || x.ins.keyword === 'ADD') &&
          sourceMatches(x.ins as CopyInstructionBase, path),
      );
    }
    if (copyLoc) locations.push(instructionLocation(copyLoc.df, copyLoc.ins));
    else locations.push(...locateStep(log, project, step, line.line));

    const shown = path || '(the COPY source)';
    if (fromStage) {
      return [
        finding(this, {
          cause: 'missing-in-stage',
          title: `"${shown}" does not exist in stage "${fromStage}"`,
          confidence: 'high',
          evidence,
          fix: `COPY --from=${fromStage} reads from that stage's filesystem, not the build context. Check the path the stage really produces (its WORKDIR and build output directory, e.g. /app/dist vs /app/build), and that the step producing it ran in that stage.`,
          step,
          locations,
          details: { path: shown, stage: fromStage },
        }),
      ];
    }

    if (!project) {
      return [
        finding(this, {
          cause: 'not-in-context',
          title: `"${shown}" is not in the build context`,
          confidence: 'high',
          evidence,
          fix: `The file is missing from what the builder received: it does not exist under the build context, a .dockerignore pattern excludes it, or the build ran from the wrong directory (the context is the last argument of \`docker build\`, or \`build.context\` in compose). Paths in COPY are relative to the context, not to the Dockerfile. Run \`dockwright explain --dir <project>\` to find out which.`,
          step,
          locations,
          details: { path: shown },
        }),
      ];
    }

    const culprit = ignoreCulprit(project, path);
    if (culprit && project.ignore) {
      locations.push({ file: project.ignore.path, line: culprit.line, what: culprit.text, via: 'project' });
      return [
        finding(this, {
          cause: 'excluded-by-dockerignore',
          title: `"${shown}" is excluded by .dockerignore`,
          confidence: 'high',
          evidence,
          fix: `.dockerignore line ${culprit.line} (\`${culprit.text}\`) removes "${shown}" from the build context. Add an exception after it (\`!${path}\`) or narrow the pattern.`,
          step,
          locations,
          details: { path: shown, pattern: culprit.text, ignoreLine: culprit.line },
        }),
      ];
    }
    if (path && project.files.has(path)) {
      return [
        finding(this, {
          cause: 'wrong-context',
          title: `"${shown}" exists in ${project.dir} but not in the context the build used`,
          confidence: 'medium',
          evidence,
          fix: `The file is there and .dockerignore does not exclude it, so the build was given another context. Build from the project directory (\`docker build -f <Dockerfile> .\` from ${project.dir}), or set \`build.context\` in compose to it.`,
          step,
          locations,
          details: { path: shown },
        }),
      ];
    }
    const elsewhere = findByBasename(project, path);
    if (elsewhere.length) {
      return [
        finding(this, {
          cause: 'wrong-context',
          title: `"${shown}" is not at that path in the context; found ${elsewhere.map((p) => `"${p}"`).join(', ')}`,
          confidence: 'high',
          evidence,
          fix: `COPY paths are relative to the build context. Either build with the directory that holds the file as the context (\`docker build ${elsewhere[0]!.split('/').slice(0, -1).join('/') || '.'}\`, or \`build.context\` in compose), or change the COPY source to "${elsewhere[0]}".`,
          step,
          locations,
          details: { path: shown, foundAt: elsewhere.join(', ') },
        }),
      ];
    }
    return [
      finding(this, {
        cause: 'missing-file',
        title: `"${shown}" does not exist in the project`,
        confidence: 'high',
        evidence,
        fix: `Nothing named "${path.split('/').at(-1) ?? path}" exists under ${project.dir}. Create or generate it before the build (e.g. a lock file: run the package manager once and commit it), or remove it from the COPY.`,
        step,
        locations,
        details: { path: shown },
      }),
    ];
  },
};
