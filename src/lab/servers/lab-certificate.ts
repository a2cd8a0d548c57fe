// LAB ONLY: the certificate of the lab's HTTPS file server on 127.0.0.1. Node cannot mint X.509 certificates
// itself, so it is made once per process with OpenSSL (Debian's `openssl`, installed with the test packages)
// and never written anywhere but a temporary folder. No private key is committed or shipped in the bundle.
// The lab's HTTPS client trusts exactly the certificates minted here (besides the usual roots).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let minted: { cert: string; key: string } | undefined;

export function labCertificate(): { cert: string; key: string } {
  if (minted) return minted;
  const dir = mkdtempSync(join(tmpdir(), 'asa-lab-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    minted = { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
    return minted;
  } catch (e) {
    throw new Error(`The lab's HTTPS server needs the openssl command to make its certificate (apt-get install openssl): ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lab certificates this process made, for the lab's own HTTPS client to trust. */
export function trustedLabCertificates(): string[] {
  return minted ? [minted.cert] : [];
}
