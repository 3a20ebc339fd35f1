/** `dockwright init` as a library: facts → plan (typed models) → rendered files → self-check. */
export { CHECKLIST, type ChecklistItem, checklistFor, runChecklist } from './checklist.js';
export {
  INIT_CONFIG_VERSION,
  type InitConfig,
  initConfigFrom,
  readInitConfig,
  writeInitConfig,
} from './config.js';
export { connectionFor } from './environment.js';
export type * from './model/compose.js';
export type * from './model/dockerfile.js';
export type * from './model/files.js';
export { type ImageDigests, imagesToPin, pinCompose, pinDockerfile } from './pin.js';
export { planSetup, renderFile, renderPlan, selectApp } from './plan.js';
export { printCompose } from './print/compose.js';
export { execForm, printDockerfile } from './print/dockerfile.js';
export { dockerfileFromAst, dockerfileFromText } from './print/dockerfile-from-ast.js';
export { printDockerignore, printEnvExample, printMarkdown, printNginxSite } from './print/text-files.js';
export { diskProjectFiles } from './project-files.js';
export { selfCheck } from './self-check.js';
export { stackFor, stacks, unsupportedLanguage } from './stacks/index.js';
export { IMPLEMENTED_TIERS, TIER_FEATURES, type TierFeatures } from './tiers.js';
export type * from './types.js';
