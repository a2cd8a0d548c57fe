// The shape every lab file server shares, so tests and the lab treat the six protocols alike.

export type FileProtocol = 'http' | 'https' | 'ftp' | 'tftp' | 'scp' | 'smb';

export interface FileServerOptions {
  /** When set, the server requires these credentials (TFTP has no authentication and ignores them). */
  username?: string;
  password?: string;
}

export interface FileRequest {
  file: string;
  /** True when the whole file was sent. */
  ok: boolean;
}

export interface FileServer {
  readonly protocol: FileProtocol;
  readonly port: number;
  /** The URL an ASA `copy` takes for `file`. Credentials only when asked for (they are secrets). */
  url(file: string, options?: { withCredentials?: boolean }): string;
  readonly requests: FileRequest[];
  stop(): Promise<void>;
}

/** Path part of a URL for a file name that may contain folders: each segment percent-encoded. */
export function encodePath(file: string): string {
  return file.split('/').filter(Boolean).map(encodeURIComponent).join('/');
}

export function userInfo(options: FileServerOptions, withCredentials: boolean | undefined): string {
  if (!withCredentials || options.username === undefined) return '';
  const user = encodeURIComponent(options.username);
  return options.password === undefined ? `${user}@` : `${user}:${encodeURIComponent(options.password)}@`;
}
