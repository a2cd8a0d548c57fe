// The upgrade of one failover pair: runner.ts holds the sequence; the phases, the reload watch and the
// recorder sit beside it. Callers import from here.

export { runUpgrade } from './runner';
export { DEFAULT_UPGRADE_OPTIONS, type RunUpgradeArgs, type UpgradeOptions } from './options';
export { proofOfReboot, type RebootEvidence, type RebootProof } from './reload-watch';
