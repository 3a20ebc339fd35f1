export * from './diagnostic.js';
export * from './errors.js';
export * from './fs.js';
export * from './source.js';
export * from './suggest.js';
