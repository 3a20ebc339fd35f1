export * from './compose.js';
export * from './format.js';
export * from './hints.js';
export * from './naive.js';
export * from './offline.js';
export type * from './types.js';
export * from './verify.js';
