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
export { parseVerify } from './verify';
