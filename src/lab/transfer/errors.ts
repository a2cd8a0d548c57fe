// The one error a lab transfer raises. `reason` lets the simulated ASA print the matching `%Error` line; the
// message is for people and never holds the URL's password (callers build it from a redacted URL).

import { AsaUpgradeError } from '../../core/errors';

export type TransferFailure = 'unreachable' | 'not-found' | 'auth' | 'timeout' | 'protocol';

export class TransferError extends AsaUpgradeError {
  readonly code = 'TRANSFER_FAILED';
  constructor(readonly reason: TransferFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Socket error codes that mean "nobody answered there", as opposed to a failure during the transfer. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL',
]);

export function isUnreachableCode(code: unknown): boolean {
  return typeof code === 'string' && UNREACHABLE_CODES.has(code);
}

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
