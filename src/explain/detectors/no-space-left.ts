import { locateStep } from '../project.js';
import type { Detector, Finding, NormalizedLog, ProjectInfo } from '../types.js';
import { finding, rangesOf, stepErrorLine } from '../util.js';

const NO_SPACE =
  /no space left on device|\bENOSPC\b|There is not enough space|Disk quota exceeded|database or disk is full|not enough free space/i;
const NOT_DISK = /inotify|file watchers|watch limit/i;

export const noSpaceLeft: Detector = {
  situation: 'no-space-left',
  title: 'No space left on device',
  docs: 'https://docs.docker.com/reference/cli/docker/system/prune/',
  detect(log: NormalizedLog, project?: ProjectInfo): Finding[] {
    const line = log.lines.find((l) => !l.redraw && NO_SPACE.test(l.body) && !NOT_DISK.test(l.body));
    if (!line) return [];
    const path = /(?:write|open|mkdir|copy|create) (\/\S+?):? .*no space left/i.exec(line.body)?.[1];
    const engine = path
      ? /\/var\/lib\/(?:docker|containerd|containers)|buildkit|overlay2|\/tmp\/dw-docker/.test(path)
      : /docker|buildkit|overlay|layer|blob|extract/i.test(line.body);
    return [
      finding(this, {
        cause: engine || line.step ? 'engine-storage' : 'container-disk',
        title: `No space left on device${path ? ` writing ${path}` : ''}`,
        confidence: 'high',
        evidence: rangesOf([line, stepErrorLine(log, line.step)]),
        fix:
          engine || line.step
            ? "The engine's data root is full (images, build cache, stopped containers, volumes). See what takes it (`docker system df`), then free it: `docker builder prune` (build cache), `docker image prune -a` (unused images), `docker container prune`; `docker volume prune` only if no volume holds data you need. Move the data root to a bigger disk (`data-root` in daemon.json) if it keeps filling; in CI, prune between jobs."
            : 'The filesystem the container writes to is full: a volume, a bind-mounted host directory, or a tmpfs with a size limit. Check with `df -h` inside the container, clean up or enlarge that volume, and rotate logs the app writes to disk.',
        step: line.step,
        locations: locateStep(log, project, line.step, line.line),
        details: path ? { path } : {},
      }),
    ];
  },
};
