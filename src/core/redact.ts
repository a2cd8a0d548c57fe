// Secrets must never reach a log line, event, journal, webview or error. Two defences: URL credentials are
// masked wherever a URL appears in text, and every secret the process learns is registered with a Redactor
// that masks its exact value (passwords can appear in text that is not a URL, e.g. a device echo).

const MASK = '*****';

/** `scheme://user:password@host` -> `scheme://user:*****@host`. Also masks a password-only form. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; empty and very short values are ignored (masking them would garble output). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 3) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = redactUrlCredentials(text);
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(MASK);
    }
    return out;
  }
}
