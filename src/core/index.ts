export * from './diagnostic.js';
export * from './errors.js';
export * from './source.js';
