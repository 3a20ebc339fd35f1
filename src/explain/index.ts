export { detectors } from './detectors/index.js';
export { type ExplainOptions, explainLog } from './explain.js';
export { EXPLAIN_SCHEMA_VERSION, explainToJson, explainToText } from './format.js';
export { normalizeLog, stripAnsi } from './normalize.js';
export { type LoadProjectOptions, loadProject } from './project.js';
export { suspiciousLines } from './suspicious.js';
export type * from './types.js';
