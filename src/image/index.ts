export * from './analyses/index.js';
export { type EngineOptions, engineEndpoint, readImageFromEngine, readImageFromPodman } from './engine.js';
export type * from './model.js';
export { readImage, readImageStream, type StreamOpener } from './read.js';
export { type HiddenCopy, type LayerChanges, type Replay, replayLayers } from './replay.js';
export { renderHtmlReport } from './report/html.js';
export { renderSarif } from './report/sarif.js';
export { renderText } from './report/text.js';
