/**
 * Project detection: `detectProject(dir)` walks a project once and reports what a senior engineer would
 * want to know before containerizing it — language and version, package manager and lockfile, framework,
 * build/start commands, port, health endpoint, backing services, environment variables, native and ML
 * dependencies, monorepo layout and existing Docker files — each fact with the file that justified it.
 */
export { DETECTORS, detectInView, detectProject } from './detect.js';
export { FsView, type FsViewOptions } from './fs-view.js';
export * from './types.js';
export { DEFAULT_VERSIONS } from './versions.js';
