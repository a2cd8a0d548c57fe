// The device layer's public face: what the CLI, the extension and the engine's callers import.

export { parseEndpoint, formatEndpoint, type Endpoint } from './endpoint';
export { KnownHostsFile, knownHostName, type KnownHostsOptions } from './known-hosts';
export { sha256Fingerprint, type HostKeyOffer, type HostKeyVerifier } from './host-key';
export type { AlgorithmSet } from './algorithms';
export { AsaShell } from './shell';
export { AsaUnitSession } from './unit-session';
export { createPairConnector, type AsaPairConnection, type AsaPairConnector } from './connector';
export * from './parsers';
export { asaDialect, flashPath } from './commands';
