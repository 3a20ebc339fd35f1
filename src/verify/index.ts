export * from './format.js';
export * from './offline.js';
export type * from './types.js';
export * from './verify.js';
