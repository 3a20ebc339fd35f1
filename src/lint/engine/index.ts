export * from './config.js';
export * from './fixer.js';
export * from './linter.js';
export * from './messages.js';
export * from './rule.js';
export * from './suppressions.js';
