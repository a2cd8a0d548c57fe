// Errors are told apart by their `code`, never by their class. The extension (dist/extension.js) and the engine
// (dist/engine.js) are separate bundles with a copy of the error classes each, so `e instanceof
// AuthenticationError` is false for an error the engine threw: the editor once retried a rejected password
// forever because of exactly that check. The codes are the stable contract (src/core/errors.ts).

export const ERROR_CODES = {
  authentication: 'AUTH_FAILED',
  enablePassword: 'ENABLE_FAILED',
  hostKey: 'HOST_KEY_REJECTED',
  connect: 'CONNECT_FAILED',
  connectionLost: 'CONNECTION_LOST',
  timeout: 'TIMEOUT',
  pairBusy: 'PAIR_BUSY',
  credentialsNeeded: 'CREDENTIALS_NEEDED',
} as const;

export function errorCode(e: unknown): string | undefined {
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The unit refused the login or the enable password: the credentials used are wrong. */
export function isCredentialRefusal(e: unknown): boolean {
  const code = errorCode(e);
  return code === ERROR_CODES.authentication || code === ERROR_CODES.enablePassword;
}

/** A host key that differs from the trusted one (not merely a key not trusted yet). */
export function changedHostKey(e: unknown): { presented: string; known: string } | undefined {
  if (errorCode(e) !== ERROR_CODES.hostKey) return undefined;
  const { presentedFingerprint, knownFingerprint } = e as { presentedFingerprint?: unknown; knownFingerprint?: unknown };
  return typeof knownFingerprint === 'string' && typeof presentedFingerprint === 'string' ? { presented: presentedFingerprint, known: knownFingerprint } : undefined;
}

/** The pair could not be reached (as opposed to refusing us): the tree says "unreachable". */
export function isUnreachable(e: unknown): boolean {
  const code = errorCode(e);
  return code === ERROR_CODES.connect || code === ERROR_CODES.connectionLost || code === ERROR_CODES.timeout;
}
