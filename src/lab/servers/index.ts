// Lab file servers: each serves an in-memory set of files on 127.0.0.1 over one protocol the ASA's `copy`
// uses, so the simulated pair (and the tests) move real bytes over real sockets.

import { startFtpServer } from './ftp';
import { startHttpServer } from './http';
import { startScpServer } from './scp';
import { startSmbServer } from './smb';
import { startTftpServer } from './tftp';
import type { FileProtocol, FileServer, FileServerOptions } from './types';

export type { FileProtocol, FileRequest, FileServer, FileServerOptions } from './types';
export { SmbUnavailableError } from './smb';

export function startFileServer(protocol: FileProtocol, files: Map<string, Buffer>, opts: FileServerOptions = {}): Promise<FileServer> {
  switch (protocol) {
    case 'http':
    case 'https':
      return startHttpServer(protocol, files, opts);
    case 'ftp':
      return startFtpServer(files, opts);
    case 'tftp':
      return startTftpServer(files);
    case 'scp':
      return startScpServer(files, opts);
    case 'smb':
      return startSmbServer(files, opts);
    default:
      return Promise.reject(new Error(`No lab file server for protocol ${String(protocol)}; use http, https, ftp, tftp, scp or smb.`));
  }
}
