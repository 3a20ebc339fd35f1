import { finalStage, instructionLocation, primaryDockerfile } from '../project.js';
import type { Detector, Finding, LineRange, NormalizedLog, ProjectInfo, ProjectLocation } from '../types.js';
import { at, finding, formatSize, parseSize } from '../util.js';

/** The spec's threshold for "image too large". */
export const LARGE_IMAGE_BYTES = 500 * 1e6;

const ROW = /^(\S+)\s+(\S+)\s+([0-9a-f]{12})\s+.+?\s{2,}(\d+(?:\.\d+)?\s?[kMGT]?i?B)\s*$/;

export const imageTooLarge: Detector = {
  situation: 'image-too-large',
  title: 'Image too large',
  docs: 'https://docs.docker.com/build/building/multi-stage/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const found: { ref: string; bytes: number; evidence: LineRange }[] = [];
    for (const line of log.lines) {
      const m = ROW.exec(line.text);
      if (!m) continue;
      const bytes = parseSize(m[4]!);
      if (bytes !== undefined && bytes > LARGE_IMAGE_BYTES)
        found.push({ ref: m[2] === '<none>' ? m[3]! : `${m[1]}:${m[2]}`, bytes, evidence: at(line.line) });
    }
    for (const obj of log.inspect ?? []) {
      const size = obj.Size;
      if (typeof size !== 'number' || !('RootFS' in obj || 'RepoTags' in obj)) continue;
      if (size <= LARGE_IMAGE_BYTES) continue;
      const tags = Array.isArray(obj.RepoTags) ? (obj.RepoTags as string[]) : [];
      const sizeLine = log.lines.find((l) => new RegExp(`"Size":\\s*${size}\\b`).test(l.text));
      found.push({
        ref: tags[0] ?? String(obj.Id ?? 'image'),
        bytes: size,
        evidence: at(sizeLine?.line ?? 1),
      });
    }
    if (!found.length) return [];
    const locations: ProjectLocation[] = [];
    const df = primaryDockerfile(project);
    if (df) {
      const from = finalStage(df)[0];
      if (from) locations.push(instructionLocation(df, from));
    }
    return found.map((f) =>
      finding(this, {
        cause: 'over-500mb',
        title: `${f.ref} is ${formatSize(f.bytes)} (over the 500 MB guideline)`,
        confidence: 'high',
        evidence: [f.evidence],
        fix: 'Build in stages and copy only the runtime artefacts into the final stage; start the final stage from a slim, alpine or distroless base; clean package caches in the same RUN that creates them (or use cache mounts); keep build tools and test data out. Run `dockwright analyze` on the image to see which layers and files take the space.',
        locations,
        details: { image: f.ref, bytes: f.bytes },
        next: [`dockwright analyze ${f.ref}`],
      }),
    );
  },
};
