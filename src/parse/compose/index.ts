export {
  type ComposeFile,
  type ComposeLocation,
  type ComposeProject,
  DEFAULT_FILE_NAMES,
  DEFAULT_OVERRIDE_FILE_NAMES,
  discoverComposeFiles,
  type LoadComposeOptions,
  loadCompose,
} from './loader.js';
export { enforceUnicity, mergeComposeDicts, mergeService } from './merge.js';
export type * from './model.js';
export { isValidDuration, parsePortSpec, parseVolumeSpec, shellSplit } from './normalize.js';
export { printComposeConfig } from './print.js';
export { LIMITS as COMPOSE_LIMITS, parseComposeYaml } from './yaml.js';
