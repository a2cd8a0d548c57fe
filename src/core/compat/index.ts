// Compatibility, checked before an upgrade touches a pair, as CDO does: the platform and the image family it
// boots, the release trains it runs, the upgrade path and its interim releases, the zero-downtime rule for a
// mixed failover pair, and the ASDM the target ASA needs. Pure functions over the tables in data.ts:
//   data.ts       the tables, each entry with its source
//   platforms.ts  which platform a `show version` model is, which family an image file name is
//   path.ts       the hops from the running release to the target, and the zero-downtime rule
//   asdm.ts       the minimum ASDM for an ASA release
//   check.ts      every check with its verdict (pass / warn / refuse with reason and fix)

export * from './check';
export { platformOf, imageFamilyOf, familyTitle } from './platforms';
export { upgradeHops, zeroDowntimeProblem } from './path';
export { minimumAsdm, asdmProblem } from './asdm';
