// How the host-key dialog helps compare a key with the one the ASA shows. `show crypto key mypubkey rsa`
// (ecdsa, eddsa for those key types) prints the public key as "Key Data:" in hex (the DER SubjectPublicKeyInfo,
// in groups of 8 hex digits), not an SSH fingerprint; so the dialog shows the same hex, converted from the key
// the unit presented, next to the SHA-256 fingerprint as OpenSSH prints it.

import { createPublicKey, type JsonWebKey } from 'node:crypto';

/** rsa / ecdsa / eddsa: the keyword of `show crypto key mypubkey` for an SSH key type. */
export function mypubkeyKeyword(keyType: string): 'rsa' | 'ecdsa' | 'eddsa' {
  if (keyType.startsWith('ecdsa')) return 'ecdsa';
  if (keyType === 'ssh-ed25519') return 'eddsa';
  return 'rsa';
}

function sshStrings(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 4 <= blob.length) {
    const len = blob.readUInt32BE(at);
    out.push(blob.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

const b64u = (b: Buffer): string => b.toString('base64url');
const unsigned = (b: Buffer): Buffer => (b.length > 1 && b[0] === 0 ? b.subarray(1) : b);

/** The key as the ASA's "Key Data:" shows it (hex groups of 8), or undefined for a key type we cannot convert. */
export function asaKeyData(keyType: string, blob: Buffer): string | undefined {
  try {
    const parts = sshStrings(blob);
    let jwk: JsonWebKey;
    if (keyType === 'ssh-rsa') jwk = { kty: 'RSA', e: b64u(unsigned(parts[1])), n: b64u(unsigned(parts[2])) };
    else if (keyType === 'ssh-ed25519') jwk = { kty: 'OKP', crv: 'Ed25519', x: b64u(parts[1]) };
    else if (keyType.startsWith('ecdsa-sha2-nistp')) {
      const crv = { nistp256: 'P-256', nistp384: 'P-384', nistp521: 'P-521' }[parts[1].toString()];
      const q = parts[2];
      const size = (q.length - 1) / 2;
      if (!crv || q[0] !== 4) return undefined;
      jwk = { kty: 'EC', crv, x: b64u(q.subarray(1, 1 + size)), y: b64u(q.subarray(1 + size)) };
    } else return undefined;
    const der = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
    return der.toString('hex').match(/.{1,8}/g)!.join(' ');
  } catch {
    return undefined;
  }
}

/** The trust dialog's detail: fingerprint, the ASA command, and what to compare. */
export function hostKeyDetail(offer: { keyType: string; fingerprint: string; key: Buffer }): string {
  const keyword = mypubkeyKeyword(offer.keyType);
  const data = asaKeyData(offer.keyType, offer.key);
  const groups = data?.split(' ') ?? [];
  const excerpt = groups.length > 8 ? `${groups.slice(0, 4).join(' ')} … ${groups.slice(-4).join(' ')}` : data;
  return [
    `${offer.keyType} key fingerprint (as OpenSSH prints it):`,
    offer.fingerprint,
    '',
    `To compare, on the ASA's console (or a session you already trust) run:`,
    `  show crypto key mypubkey ${keyword}`,
    data
      ? `It prints no fingerprint but the key itself as "Key Data:" in hex. The key presented here reads:\n  ${excerpt}\n(every group must match; the whole key is in the log).`
      : 'It prints the key itself as "Key Data:" in hex, not a fingerprint.',
    '',
    'A trusted key is remembered; if it ever changes, the connection is refused and nothing is sent.',
  ].join('\n');
}
