/** Image digests for tier 4 pinning: a small OCI distribution client, with the local engine as fallback. */
export * from './auth.js';
export * from './client.js';
export * from './engine-digest.js';
export * from './reference.js';
export * from './resolve.js';
