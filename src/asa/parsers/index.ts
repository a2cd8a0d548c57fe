// Readers of ASA command output. Each throws ParseError for output it cannot read completely.

export { parseBootConfig, parseBootvar } from './boot-config';
export { findCommandError } from './command-error';
export { parseCopy } from './copy';
export { parseDir } from './dir';
export { parseDirFileSize } from './dir-file';
export { KNOWN_FAILOVER_STATES } from './failover-states';
export { parseShowFailover } from './show-failover';
export { parseShowFailoverState } from './show-failover-state';
export { parseShowVersion, parseUptime } from './show-version';
export { parseSignatureVerdict, parseVerify } from './verify';
export { parseInterfaceIpBrief } from './interface-ip-brief';
export { parseConnCount } from './conn-count';
export { parseRouteCount } from './show-route';
export { configChecksum } from './running-config';
