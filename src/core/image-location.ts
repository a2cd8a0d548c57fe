// Where an image comes from: a file already on the units' flash (`disk0:/FILE`) or a URL the ASA's `copy`
// understands. Everything here reaches a device command line, so the grammar is strict: no whitespace,
// control character, quote or `;` (other than ASA's own `;type=`/`;int=` suffixes) can get through and add a
// command. Messages never repeat the user part of a URL, so a password cannot leak through an error.

import { InvalidInputError } from './errors';
import { imageNameProblem, type ImageKind } from './images';
import type { ImageSource } from './model';

export const URL_PROTOCOLS = ['ftp', 'tftp', 'http', 'https', 'scp', 'smb'] as const;
export type UrlProtocol = (typeof URL_PROTOCOLS)[number];

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;
const USERINFO = /^[A-Za-z0-9._~!$&'()*+,=%-]*$/;
const SEGMENT = /^[A-Za-z0-9._~+=,%-]+$/;
const FILE = /^[A-Za-z0-9._+-]+$/;
const PERCENT = /%(?![0-9A-Fa-f]{2})/;

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === ' ') return 'a space';
  if (ch === '\n' || ch === '\r') return 'a line break';
  if (ch === '\t') return 'a tab';
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  if (ch === '"' || ch === "'" || ch === '`') return `a quote (${ch})`;
  if (code > 0x7e) return `a non-ASCII character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  return `"${ch}"`;
}

function fail(message: string): never {
  throw new InvalidInputError(message);
}

function checkFile(file: string, kind: ImageKind | undefined, what: string): void {
  if (!FILE.test(file)) fail(`The file name in ${what} has characters a file name cannot have. Use the image's file name as Cisco ships it, e.g. asa9-20-2-smp-k8.bin.`);
  const problem = imageNameProblem(file, kind);
  if (problem) fail(problem);
}

/**
 * Parses `disk0:/FILE` or `PROTO://[user[:password]@]host[:port]/[path/]FILE[;type=..|;int=..]`.
 * `kind` makes it also require the file to be an ASA (or ASDM) image. Throws InvalidInputError.
 */
export function parseImageLocation(input: string, kind?: ImageKind): ImageSource {
  if (typeof input !== 'string' || input.length === 0) fail('No image given: enter disk0:/FILE or a URL (ftp, tftp, http, https, scp, smb).');
  const local = parseLocalFile(input);
  if (local) {
    checkFile(local.file, kind, 'the local file name');
    return local;
  }
  if (input.length > 1024) fail('The image location is longer than 1024 characters: use a shorter path.');
  for (const ch of input) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0x20 || code >= 0x7f || ch === '"' || ch === "'" || ch === '`' || ch === '\\') {
      fail(`The image location contains ${describeChar(ch)}, which the ASA command line cannot take. Remove it (rename the file or percent-encode it in a URL).`);
    }
  }
  if (input.includes('?') || input.includes('#')) fail('The image location has a "?" or "#" part, which the ASA cannot use. Give the plain path of the file.');

  const flash = /^(disk0|flash):(\/?)(.*)$/i.exec(input);
  if (flash) {
    const file = flash[3];
    if (file.includes('/')) fail('Only files at the top of flash (disk0:/FILE) can be used; move the image out of the folder or give a URL.');
    if (file.includes(';')) fail('The flash path contains ";", which the ASA command line cannot take. Use disk0:/FILE.');
    if (file === '') fail('disk0:/ needs a file name after it, e.g. disk0:/asa9-20-2-smp-k8.bin.');
    checkFile(file, kind, 'the flash path');
    return { kind: 'flash', path: `disk0:/${file}`, file };
  }

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(input);
  if (!scheme) {
    fail('The image location must be disk0:/FILE (a file already on both units) or a URL starting with ftp://, tftp://, http://, https://, scp:// or smb://.');
  }
  const protocol = scheme[1].toLowerCase();
  if (!(URL_PROTOCOLS as readonly string[]).includes(protocol)) {
    fail(`The ASA cannot copy over "${protocol}://". Use ftp://, tftp://, http://, https://, scp:// or smb://.`);
  }
  let rest = scheme[2];

  // ASA's own suffixes come last: `;type=xp|an|ap|xn` for ftp, `;int=NAME` for tftp and scp.
  let suffix = '';
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    suffix = rest.slice(semi);
    rest = rest.slice(0, semi);
    const ok =
      (protocol === 'ftp' && /^;type=(xp|an|ap|xn)$/.test(suffix)) || ((protocol === 'tftp' || protocol === 'scp') && /^;int=[A-Za-z0-9_.-]{1,48}$/.test(suffix));
    if (!ok) {
      fail(
        `The URL contains ";" outside the suffixes the ASA accepts (;type=xp|an|ap|xn for ftp, ;int=INTERFACE for tftp and scp). Remove it or percent-encode it (%3B).`,
      );
    }
  }

  const slash = rest.indexOf('/');
  if (slash < 0) fail(`The ${protocol} URL has no file path after the server. Add the path to the image, e.g. ${protocol}://10.0.0.5/asa9-20-2-smp-k8.bin.`);
  const authority = rest.slice(0, slash);
  const path = rest.slice(slash + 1);

  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (userinfo !== undefined) {
    if (protocol === 'tftp') fail('TFTP has no user name or password: remove the part before "@" from the tftp URL.');
    if (userinfo === '' || userinfo.startsWith(':')) fail('The URL has "@" but no user name before it. Add the user name or remove the "@".');
    // Whatever is wrong inside the user part is described without showing it: it may hold a password.
    if (!USERINFO.test(userinfo.replace(/:/, '')) || userinfo.split(':').length > 2 || PERCENT.test(userinfo)) {
      fail('The user name or password in the URL contains characters the ASA cannot take there (such as "@", ":", "/" or "%" not followed by two hex digits). Percent-encode them.');
    }
  }
  let host = hostPort;
  let port: number | undefined;
  const portMatch = /^(.*):(\d*)$/.exec(hostPort);
  if (portMatch && !hostPort.endsWith(']')) {
    host = portMatch[1];
    if (portMatch[2] === '' || !/^\d{1,5}$/.test(portMatch[2]) || Number(portMatch[2]) < 1 || Number(portMatch[2]) > 65535) {
      fail('The port in the URL must be a number from 1 to 65535.');
    }
    port = Number(portMatch[2]);
  }
  if (host === '') fail(`The ${protocol} URL has no server. Give the server's address, e.g. ${protocol}://10.0.0.5/asa9-20-2-smp-k8.bin.`);
  if (!HOSTNAME.test(host) && !IPV6.test(host)) fail('The server in the URL is not a valid server name or address (it is not repeated here: it may hold part of a password). Give a host name, an IPv4 address or an [IPv6] address.');
  void port;

  if (path === '' || path.endsWith('/')) fail('The URL ends without a file name. Add the image file name at the end of the path.');
  const segments = path.split('/');
  for (const seg of segments.slice(0, -1)) {
    if (seg === '' || !SEGMENT.test(seg) || PERCENT.test(seg)) fail('A folder in the URL path is empty or has characters the ASA cannot take. Use plain folder names (letters, digits, . _ - ~ + , =).');
  }
  const file = segments[segments.length - 1];
  checkFile(file, kind, 'the URL');
  return { kind: 'url', url: `${protocol}://${authority}/${path}${suffix}`, file };
}

/**
 * A file on this workstation: `./FILE`, `../dir/FILE`, `/abs/FILE`, `~/FILE` or `file:///abs/FILE` (Windows:
 * `C:\\dir\\FILE`, `.\\FILE`). Only its name reaches a device, so only the name is held to the strict grammar.
 */
function parseLocalFile(input: string): ImageSource | undefined {
  let path: string;
  if (/^file:\/\//i.test(input)) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      fail('The file:// URL is not valid: write file:///full/path/to/the-image.bin.');
    }
    if (url.host !== '' && url.host !== 'localhost') fail('A file:// URL must name a file on this workstation (file:///path), not on another host.');
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      fail('The file:// URL has a broken %-escape (a % must be followed by two hex digits): write file:///full/path/to/the-image.bin.');
    }
    if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1);
  } else if (/^(\.{1,2}[\\/]|\/|~[\\/]|[A-Za-z]:[\\/])/.test(input) && !/^(disk0|flash):/i.test(input)) {
    path = input;
  } else return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) fail('The local file path contains control characters.');
  const file = path.split(/[\\/]/).pop() ?? '';
  if (file === '') fail('The local path ends without a file name: give the image file itself.');
  return { kind: 'local', path, file };
}

/** Like parseImageLocation, but returns the problem (or undefined) for an input box validating as the user types. */
export function imageLocationProblem(input: string, kind?: ImageKind): string | undefined {
  try {
    parseImageLocation(input, kind);
    return undefined;
  } catch (e) {
    if (e instanceof InvalidInputError) return e.message;
    throw e;
  }
}

/** Stands for the one-time URL a local file is served under, in a plan made before the server starts. */
export const LOCAL_SERVE_PLACEHOLDER = 'http://THIS-WORKSTATION/ONE-TIME-PATH';

/** The exact source text `copy /noconfirm SOURCE disk0:/FILE` takes (for a local file: its placeholder). */
export function toCopySource(source: ImageSource): string {
  if (source.kind === 'local') return `${LOCAL_SERVE_PLACEHOLDER}/${source.file}`;
  return source.kind === 'flash' ? source.path : source.url;
}

/** The flash path the image ends up at on each unit. */
export function flashPathOf(source: ImageSource): string {
  return `disk0:/${source.file}`;
}
