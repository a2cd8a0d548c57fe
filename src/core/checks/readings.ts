// Pre/post checks: what a pair looks like before the first change of an upgrade and after fail-back, so a
// change that broke something the upgrade should not touch (a link, routes, traffic) is caught and shown.
// This file holds the facts read from a unit; read.ts reads a pair, compare.ts decides what regressed,
// with-checks.ts wraps an upgrade in both readings.

/** One row of `show interface ip brief`. */
export interface InterfaceBrief {
  name: string;
  ip: string;
  /** `up`, `down` or `administratively down`, as printed. */
  status: string;
  protocol: string;
}

/** What a unit tells about its traffic and configuration, beyond failover and version. */
export interface UnitHealthReadings {
  interfaces: InterfaceBrief[];
  /** `show conn count`. */
  connections?: { inUse: number; mostUsed: number };
  /** Entries in `show route`. */
  routes?: number;
  /** SHA-256 of `show running-config` without the lines an upgrade changes by itself (boot system, asdm image, version). */
  configChecksum?: string;
}
