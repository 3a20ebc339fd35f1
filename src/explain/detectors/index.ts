import type { Detector } from '../types.js';
import { buildCacheMiss } from './build-cache-miss.js';
import { containerExits } from './container-exits.js';
import { copySourceNotFound } from './copy-source-not-found.js';
import { dependencyInstall } from './dependency-install.js';
import { healthcheckFailing } from './healthcheck-failing.js';
import { imageTooLarge } from './image-too-large.js';
import { noSpaceLeft } from './no-space-left.js';
import { oomKilled } from './oom-killed.js';
import { permissionDenied } from './permission-denied.js';
import { portAllocated } from './port-allocated.js';
import { pullFailure } from './pull-failure.js';
import { secretInLayers } from './secret-in-layers.js';
import { serviceNetwork } from './service-network.js';
import { syntaxFrontendOffline } from './syntax-frontend-offline.js';
import { x509Proxy } from './x509-proxy.js';

/**
 * Every detector, most specific root cause first: when two explain the same lines, the earlier one wins
 * (an x509 error explains the failed `npm ci`; the unreachable `# syntax` frontend explains the failed pull).
 */
export const detectors: readonly Detector[] = [
  syntaxFrontendOffline,
  x509Proxy,
  noSpaceLeft,
  oomKilled,
  pullFailure,
  serviceNetwork,
  copySourceNotFound,
  dependencyInstall,
  portAllocated,
  healthcheckFailing,
  permissionDenied,
  containerExits,
  secretInLayers,
  imageTooLarge,
  buildCacheMiss,
];

export {
  buildCacheMiss,
  containerExits,
  copySourceNotFound,
  dependencyInstall,
  healthcheckFailing,
  imageTooLarge,
  noSpaceLeft,
  oomKilled,
  permissionDenied,
  portAllocated,
  pullFailure,
  secretInLayers,
  serviceNetwork,
  syntaxFrontendOffline,
  x509Proxy,
};
