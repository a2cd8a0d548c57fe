// Typed errors shared by every layer. Each message names the problem and what to do about it, and never
// carries a secret: callers redact before constructing.

export abstract class AsaUpgradeError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** SSH user authentication failed (password, key or keyboard-interactive). */
export class AuthenticationError extends AsaUpgradeError {
  readonly code = 'AUTH_FAILED';
}

/** The enable password was refused (`Invalid password` / `Access denied`). */
export class EnablePasswordError extends AsaUpgradeError {
  readonly code = 'ENABLE_FAILED';
}

/**
 * `enable` asked to SET an enable password (none is configured on the unit). Never answered: that would change
 * the unit's configuration. The fix is on the unit (an enable password, or a privilege-15 login).
 */
export class EnableNotSetError extends AsaUpgradeError {
  readonly code = 'ENABLE_NOT_SET';
}

/** The host key is unknown and was not trusted, or differs from the trusted one. */
export class HostKeyRejectedError extends AsaUpgradeError {
  readonly code = 'HOST_KEY_REJECTED';
  constructor(
    message: string,
    readonly host: string,
    readonly presentedFingerprint: string,
    readonly knownFingerprint?: string,
  ) {
    super(message);
  }
}

/** Could not open a TCP/SSH connection (refused, unreachable, handshake failed). */
export class ConnectError extends AsaUpgradeError {
  readonly code = 'CONNECT_FAILED';
}

/** A command did not finish within its time limit. The session may still be usable. */
export class CommandTimeoutError extends AsaUpgradeError {
  readonly code = 'TIMEOUT';
  constructor(message: string, readonly command: string, readonly partialOutput: string) {
    super(message);
  }
}

/** The SSH session ended under us (reload, switch-over, network). Distinct from a timeout. */
export class ConnectionLostError extends AsaUpgradeError {
  readonly code = 'CONNECTION_LOST';
  constructor(message: string, readonly command?: string, readonly partialOutput?: string) {
    super(message);
  }
}

/** The device refused a command (`ERROR: % Invalid input detected`, `%Error ...`). */
export class CommandRejectedError extends AsaUpgradeError {
  readonly code = 'COMMAND_REJECTED';
  constructor(message: string, readonly command: string, readonly output: string) {
    super(message);
  }
}

/** Device output that does not have the expected shape (unknown, truncated, garbage). */
export class ParseError extends AsaUpgradeError {
  readonly code = 'PARSE_FAILED';
  constructor(message: string, readonly what: string, readonly excerpt: string) {
    super(message);
  }
}

/** User input that is not acceptable (URL, image name, host). Nothing was sent to a device. */
export class InvalidInputError extends AsaUpgradeError {
  readonly code = 'INVALID_INPUT';
}

/** A `copy` failed on the device. */
export class CopyFailedError extends AsaUpgradeError {
  readonly code = 'COPY_FAILED';
  constructor(message: string, readonly deviceMessage: string) {
    super(message);
  }
}

/** A precondition of the upgrade does not hold; nothing on the pair was touched. */
export class PreconditionError extends AsaUpgradeError {
  readonly code = 'PRECONDITION';
}

/** The upgrade stopped (failure or cancellation) after it had touched the pair. */
export class UpgradeStoppedError extends AsaUpgradeError {
  readonly code = 'UPGRADE_STOPPED';
}

/** Another job (another window, or the CLI) is already working on this pair. */
export class PairBusyError extends AsaUpgradeError {
  readonly code = 'PAIR_BUSY';
}

/** A file or directory the tool must write (journal, lock, known_hosts, report) cannot be used as given. */
export class OutputPathError extends InvalidInputError {}

/** A journal that is not one this tool wrote, or that was cut short or edited: names the field at fault. */
export class JournalInvalidError extends InvalidInputError {}

/** The two addresses do not reach the two units of one failover pair (serial numbers do not match). */
export class PairMismatchError extends PreconditionError {}

/** A set-up this tool does not upgrade (Active/Active failover, multiple-context mode). Nothing was changed. */
export class UnsupportedSetupError extends PreconditionError {}
