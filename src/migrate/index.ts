export { type BuildahPlan, type BuildahTarget, parseBake, planBuildah } from './buildah.js';
export {
  convertToQuadlet,
  durationSeconds,
  type MigrateNote,
  type PodmanOptions,
  type PodmanPlan,
  podmanReadme,
  qualifyImage,
  type Unsupported,
  unitStem,
} from './podman.js';
export {
  allowedSections,
  isDocumentedKey,
  MAIN_SECTION,
  QUADLET_KEYS,
  type UnitKind,
} from './quadlet-keys.js';
export { parseIni, renderUnit, type UnitFile } from './unit.js';
