// KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms from an OpenSSH configuration, mapped onto what ssh2
// can negotiate. OpenSSH's forms are kept: a plain list replaces the defaults, `+` appends to them, `-`
// removes from them (patterns allowed) and `^` puts entries first. The defaults are ssh2's own, not
// OpenSSH's, since ssh2 is the implementation that negotiates. What ssh2 cannot do is refused with the
// names it lacks, rather than silently dropped from an explicit request.

import { InvalidInputError } from '../../core/errors';

export type AlgorithmKind = 'kex' | 'cipher' | 'hmac' | 'serverHostKey';

/** Complete, ordered lists per kind (only the kinds the configuration named). */
export type ConfiguredAlgorithms = Partial<Record<AlgorithmKind, string[]>>;

/** ssh2 1.17's lists (lib/protocol/constants.js: SUPPORTED_* and DEFAULT_*); a unit test holds them against ssh2. */
export const SSH2_SUPPORTED: Record<AlgorithmKind, readonly string[]> = {
  kex: [
    'curve25519-sha256@libssh.org',
    'curve25519-sha256',
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
    'diffie-hellman-group-exchange-sha256',
    'diffie-hellman-group14-sha256',
    'diffie-hellman-group15-sha512',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group17-sha512',
    'diffie-hellman-group18-sha512',
    'diffie-hellman-group-exchange-sha1',
    'diffie-hellman-group14-sha1',
    'diffie-hellman-group1-sha1',
  ],
  cipher: [
    'aes128-gcm@openssh.com',
    'aes256-gcm@openssh.com',
    'aes128-ctr',
    'aes192-ctr',
    'chacha20-poly1305@openssh.com',
    'aes256-ctr',
    'aes256-cbc',
    'aes192-cbc',
    'aes128-cbc',
    '3des-cbc',
    'aes128-gcm',
    'aes256-gcm',
  ],
  hmac: [
    'hmac-sha2-256-etm@openssh.com',
    'hmac-sha2-512-etm@openssh.com',
    'hmac-sha1-etm@openssh.com',
    'hmac-sha2-256',
    'hmac-sha2-512',
    'hmac-sha1',
    'hmac-md5',
    'hmac-sha2-256-96',
    'hmac-sha2-512-96',
    'hmac-ripemd160',
    'hmac-sha1-96',
    'hmac-md5-96',
  ],
  serverHostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-dss'],
};

export const SSH2_DEFAULT: Record<AlgorithmKind, readonly string[]> = {
  kex: SSH2_SUPPORTED.kex.slice(0, 11),
  cipher: SSH2_SUPPORTED.cipher.slice(0, 6),
  hmac: SSH2_SUPPORTED.hmac.slice(0, 6),
  serverHostKey: SSH2_SUPPORTED.serverHostKey.slice(0, 7),
};

const DIRECTIVE: Record<AlgorithmKind, string> = { kex: 'KexAlgorithms', cipher: 'Ciphers', hmac: 'MACs', serverHostKey: 'HostKeyAlgorithms' };

/** OpenSSH spellings ssh2 knows under another name. */
const ALIASES: Record<string, string> = {
  'rijndael-cbc@lysator.liu.se': 'aes256-cbc',
};

function pattern(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function resolveOne(kind: AlgorithmKind, text: string, host: string): string[] {
  const directive = DIRECTIVE[kind];
  const op = /^[+\-^]/.test(text) ? text[0] : '';
  const names = text
    .slice(op ? 1 : 0)
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => ALIASES[n] ?? n);
  const supported = SSH2_SUPPORTED[kind];
  const defaults = [...SSH2_DEFAULT[kind]];
  if (op === '-') {
    const remove = names.map(pattern);
    const left = defaults.filter((d) => !remove.some((r) => r.test(d)));
    if (!left.length) throw new InvalidInputError(`${directive} ${text} for ${host} removes every algorithm; nothing would be left to negotiate.`);
    return left;
  }
  // In a list that replaces the defaults, patterns select among what ssh2 supports.
  const expanded = names.flatMap((n) => (/[*?]/.test(n) ? supported.filter((s) => pattern(n).test(s)) : [n]));
  const missing = expanded.filter((n) => !supported.includes(n));
  if (op === '+' || op === '^') {
    if (missing.length) throw unsupported(directive, text, host, missing, kind);
    return op === '+' ? [...defaults, ...expanded.filter((n) => !defaults.includes(n))] : [...expanded, ...defaults.filter((d) => !expanded.includes(d))];
  }
  const usable = expanded.filter((n) => supported.includes(n));
  if (!usable.length) throw unsupported(directive, text, host, missing, kind);
  // Entries ssh2 lacks in a full preference list are left out: the rest of the list is still what the user allows.
  return usable;
}

function unsupported(directive: string, text: string, host: string, missing: string[], kind: AlgorithmKind): InvalidInputError {
  return new InvalidInputError(
    `${directive} ${text} for ${host} names ${missing.join(', ')}, which this tool's SSH library (ssh2) cannot negotiate. ` +
      `It supports: ${SSH2_SUPPORTED[kind].join(', ')}. Change the ${directive} line (or use a Host block for this tool's hosts only).`,
  );
}

/** The lists a configuration asks for, or undefined when it names none. Throws InvalidInputError. */
export function configuredAlgorithms(texts: Partial<Record<AlgorithmKind, string>>, host: string): ConfiguredAlgorithms | undefined {
  const out: ConfiguredAlgorithms = {};
  for (const kind of Object.keys(DIRECTIVE) as AlgorithmKind[]) {
    const text = texts[kind];
    if (text !== undefined && text.trim() !== '') out[kind] = resolveOne(kind, text.trim(), host);
  }
  return Object.keys(out).length ? out : undefined;
}
