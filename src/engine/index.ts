export * from './buildah.js';
export * from './compose-order.js';
export * from './compose-run.js';
export * from './docker.js';
export * from './pick.js';
export * from './podman.js';
export * from './process.js';
export type * from './types.js';
