// TFTP server for the lab (RFC 1350, read requests only, octet/netascii served as stored bytes; blksize and
// tsize options). Each transfer gets its own socket, i.e. its own transfer ID, as the RFC asks.

import * as dgram from 'node:dgram';
import {
  DEFAULT_BLOCK_SIZE, MAX_BLOCK_SIZE, MIN_BLOCK_SIZE, OP, TFTP_ERROR,
  decodePacket, encodeData, encodeError, encodeOack,
} from '../transfer/tftp-packets';
import type { FileRequest, FileServer } from './types';
import { encodePath } from './types';

const RETRANSMIT_MS = 500;
const MAX_RETRIES = 10;

export async function startTftpServer(files: Map<string, Buffer>): Promise<FileServer> {
  const requests: FileRequest[] = [];
  const transfers = new Set<() => void>(); // cancels a running transfer
  const active = new Set<string>(); // client address:port with a transfer running; repeated RRQs are ignored
  const listener = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.bind(0, '127.0.0.1', () => resolve());
  });
  listener.on('message', (msg, rinfo) => {
    const packet = decodePacket(msg);
    if (!packet) return;
    if (packet.op === OP.WRQ) {
      answerOnce(encodeError(TFTP_ERROR.ACCESS_VIOLATION, 'Write not allowed'), rinfo);
      return;
    }
    if (packet.op !== OP.RRQ) return;
    const name = packet.file.replace(/^\/+/, '');
    const data = files.get(name);
    if (packet.mode !== 'octet' && packet.mode !== 'netascii') {
      answerOnce(encodeError(TFTP_ERROR.ILLEGAL_OPERATION, `Unsupported mode ${packet.mode}`), rinfo);
      return;
    }
    if (!data) {
      requests.push({ file: name, ok: false });
      answerOnce(encodeError(TFTP_ERROR.FILE_NOT_FOUND, 'File not found'), rinfo);
      return;
    }
    const key = `${rinfo.address}:${rinfo.port}`;
    if (active.has(key)) return;
    active.add(key);
    sendFile(data, packet.options, rinfo, transfers, (ok) => {
      active.delete(key);
      requests.push({ file: name, ok });
    });
  });

  function answerOnce(packet: Buffer, to: dgram.RemoteInfo): void {
    const socket = dgram.createSocket('udp4');
    socket.bind(0, '127.0.0.1', () => socket.send(packet, to.port, to.address, () => socket.close()));
  }

  const port = listener.address().port;
  return {
    protocol: 'tftp',
    port,
    requests,
    url: (file) => `tftp://127.0.0.1:${port}/${encodePath(file)}`,
    stop: async () => {
      for (const cancel of [...transfers]) cancel();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

function sendFile(
  data: Buffer,
  requested: Map<string, string>,
  client: dgram.RemoteInfo,
  transfers: Set<() => void>,
  done: (ok: boolean) => void,
): void {
  const socket = dgram.createSocket('udp4');
  const cancel = () => finish(false);
  transfers.add(cancel);
  const oack = new Map<string, string>();
  let blockSize = DEFAULT_BLOCK_SIZE;
  const asked = Number(requested.get('blksize'));
  if (Number.isInteger(asked) && asked >= MIN_BLOCK_SIZE) {
    blockSize = Math.min(asked, MAX_BLOCK_SIZE);
    oack.set('blksize', String(blockSize));
  }
  if (requested.has('tsize')) oack.set('tsize', String(data.length));

  // Block n carries bytes [(n-1)*size, n*size); the count of blocks always includes a final short (maybe empty) one.
  const totalBlocks = Math.floor(data.length / blockSize) + 1;
  let sentIndex = 0; // 0 = OACK (or nothing yet), k = DATA block k
  let current: Buffer;
  let retries = 0;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;

  const finish = (ok: boolean) => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    transfers.delete(cancel);
    socket.close();
    done(ok);
  };
  const transmit = () => {
    if (finished) return;
    socket.send(current, client.port, client.address);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (++retries > MAX_RETRIES) finish(false);
      else transmit();
    }, RETRANSMIT_MS);
  };
  const sendBlock = (index: number) => {
    sentIndex = index;
    retries = 0;
    const start = (index - 1) * blockSize;
    current = encodeData(index & 0xffff, data.subarray(start, Math.min(start + blockSize, data.length)));
    transmit();
  };

  socket.on('message', (msg, rinfo) => {
    if (rinfo.port !== client.port || rinfo.address !== client.address) {
      socket.send(encodeError(TFTP_ERROR.UNKNOWN_TID, 'Unknown transfer ID'), rinfo.port, rinfo.address);
      return;
    }
    const packet = decodePacket(msg);
    if (!packet) return;
    if (packet.op === OP.ERROR) {
      finish(false);
      return;
    }
    if (packet.op !== OP.ACK || packet.block !== (sentIndex & 0xffff)) return;
    if (sentIndex === totalBlocks) finish(true);
    else sendBlock(sentIndex + 1);
  });
  socket.on('error', () => finish(false));
  socket.bind(0, '127.0.0.1', () => {
    if (oack.size > 0) {
      current = encodeOack(oack);
      transmit();
    } else {
      sendBlock(1);
    }
  });
}
