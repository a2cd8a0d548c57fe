// Everything that pulls in SSH (ssh2 via src/asa and src/lab). Loaded only through engine-loader.ts on first
// use, so activating the extension evaluates no SSH code (esbuild keeps a dynamically imported module lazy).

export { createPairConnector, parseEndpoint } from '../asa';
export { withProbedSizes } from '../asa/image-size';
export { asaDialect } from '../asa/commands';
export { readPairStatus } from '../core/status';
export { buildPlan } from '../core/plan';
export { runUpgrade } from '../core/upgrade';
export { startLab } from '../lab';
export { startLabImageServer } from '../lab/lab-images';
export { resolvePairRoute } from '../asa/ssh/pair-route';
export { loadSshConfig, hostAliases, resolveSshHost } from '../asa/ssh/ssh-config';
export { withImageFacts, withSidecarHashes, hasLocalImage } from '../asa/published-hash';
export { createLocalDelivery } from '../asa/local-delivery';
export { formatEndpoint } from '../asa';
export { planFleet } from '../core/fleet/plan';
export { runFleet } from '../core/fleet/run';
export { DEFAULT_CHECK_THRESHOLDS } from '../core/checks/compare';
export { assembleReport, writeReport } from '../core/report/write';
