// TFTP client (RFC 1350) with the blksize and tsize options (RFC 2348/2349). Lock-step: every DATA block is
// acknowledged; the last packet sent is repeated when the server goes quiet. A server that never answers the
// read request counts as unreachable (UDP gives no refusal); one that stops mid-transfer as a timeout.

import * as dgram from 'node:dgram';
import type { TransferContext } from './context';
import {
  DEFAULT_BLOCK_SIZE, MAX_BLOCK_SIZE, MIN_BLOCK_SIZE, OP, TFTP_ERROR,
  decodePacket, encodeAck, encodeError, encodeRequest, nextBlock,
} from './tftp-packets';
import { TransferError } from './errors';

const REQUESTED_BLOCK_SIZE = 1428; // fills a 1500-byte Ethernet frame, as tftp-hpa and Cisco devices ask
const DEFAULT_PORT = 69;

export function fetchTftp(ctx: TransferContext): Promise<Buffer> {
  const host = ctx.url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(ctx.url.port || DEFAULT_PORT);
  // `;int=interface` picks the ASA's egress interface: meaningless here.
  const file = decodeURIComponent(ctx.url.pathname.replace(/^\//, '').replace(/;.*$/, ''));
  if (!file) return Promise.reject(ctx.error('not-found', `${ctx.shownUrl}: the URL names no file.`));
  const retransmitMs = Math.max(50, Math.min(1000, Math.floor(ctx.timeoutMs / 4)));
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');

  return new Promise<Buffer>((resolve, reject) => {
    let serverPort: number | undefined;
    let blockSize = DEFAULT_BLOCK_SIZE;
    let expected = 1;
    let lastSent = encodeRequest(OP.RRQ, file, 'octet', new Map([['blksize', String(REQUESTED_BLOCK_SIZE)], ['tsize', '0']]));
    let lastSentTo = port;
    const chunks: Buffer[] = [];
    let done = false;

    let tsize: number | undefined;
    let retransmit: NodeJS.Timeout | undefined;
    // Repeats the last packet when the server has been quiet for a while (lost RRQ, ACK or DATA).
    const armRetransmit = () => {
      if (retransmit) clearTimeout(retransmit);
      retransmit = setTimeout(() => {
        if (done) return;
        socket.send(lastSent, lastSentTo, host);
        armRetransmit();
      }, retransmitMs);
    };
    /** Ends the transfer; a parting packet (final ACK, ERROR) is sent before the socket closes. */
    const finish = (err: unknown, data?: Buffer, parting?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(retransmit);
      unhook();
      if (parting && serverPort !== undefined) socket.send(parting, serverPort, host, () => socket.close());
      else socket.close();
      if (err) reject(err);
      else resolve(data as Buffer);
    };
    const send = (packet: Buffer, toPort: number) => {
      lastSent = packet;
      lastSentTo = toPort;
      socket.send(packet, toPort, host);
      armRetransmit();
    };
    const unhook = ctx.onAbort(() => {
      const reason = ctx.signal.reason;
      if (serverPort === undefined && reason instanceof TransferError && reason.reason === 'timeout') {
        finish(ctx.error('unreachable', `${ctx.shownUrl}: no TFTP server answered at ${host}:${port} within ${Math.round(ctx.timeoutMs / 1000)} s. Check the server address and port and that the server is running.`));
        return;
      }
      finish(reason, undefined, encodeError(TFTP_ERROR.NOT_DEFINED, 'Transfer cancelled'));
    });

    socket.on('error', (err) => finish(ctx.error('unreachable', `${ctx.shownUrl}: cannot send to ${host}:${port} (${err.message}).`, err)));
    socket.on('message', (msg, rinfo) => {
      if (done) return;
      if (serverPort === undefined) serverPort = rinfo.port;
      else if (rinfo.port !== serverPort) {
        socket.send(encodeError(TFTP_ERROR.UNKNOWN_TID, 'Unknown transfer ID'), rinfo.port, host);
        return;
      }
      const packet = decodePacket(msg);
      if (!packet) return;
      switch (packet.op) {
        case OP.ERROR:
          finish(tftpError(ctx, packet.code, packet.message));
          return;
        case OP.OACK: {
          if (expected !== 1 || chunks.length > 0) return;
          const size = Number(packet.options.get('blksize') ?? DEFAULT_BLOCK_SIZE);
          if (!Number.isInteger(size) || size < MIN_BLOCK_SIZE || size > Math.min(MAX_BLOCK_SIZE, REQUESTED_BLOCK_SIZE)) {
            finish(ctx.error('protocol', `${ctx.shownUrl}: the TFTP server offered a block size of ${packet.options.get('blksize')}, which was not asked for.`), undefined, encodeError(TFTP_ERROR.OPTION_REFUSED, 'Bad blksize'));
            return;
          }
          blockSize = size;
          const offeredSize = Number(packet.options.get('tsize'));
          if (Number.isInteger(offeredSize) && offeredSize > 0) tsize = offeredSize;
          ctx.alive();
          send(encodeAck(0), serverPort);
          return;
        }
        case OP.DATA: {
          if (packet.block === expected) {
            if (packet.data.length > blockSize) {
              finish(ctx.error('protocol', `${ctx.shownUrl}: the TFTP server sent a ${packet.data.length}-byte block (block size ${blockSize}).`));
              return;
            }
            chunks.push(Buffer.from(packet.data));
            const last = packet.data.length < blockSize;
            const ack = encodeAck(packet.block);
            expected = nextBlock(expected);
            ctx.received(packet.data.length);
            if (done) return; // aborted from the progress callback
            if (!last) {
              send(ack, serverPort);
              return;
            }
            const data = Buffer.concat(chunks);
            if (tsize !== undefined && data.length !== tsize) {
              finish(ctx.error('protocol', `${ctx.shownUrl}: the TFTP transfer ended after ${data.length} of the ${tsize} bytes the server announced.`));
              return;
            }
            // The final ACK must leave before the socket closes, or the server never learns the transfer completed.
            finish(undefined, data, ack);
          } else if (packet.block === ((expected + 0xffff) & 0xffff)) {
            // Our ACK was lost and the server repeated the block: acknowledge it again.
            socket.send(encodeAck(packet.block), serverPort, host);
          }
          return;
        }
        default:
          return;
      }
    });
    send(lastSent, port);
  });
}

function tftpError(ctx: TransferContext, code: number, message: string): TransferError {
  const said = `${ctx.shownUrl}: the TFTP server answered "${message || `error ${code}`}"`;
  if (code === TFTP_ERROR.FILE_NOT_FOUND) return ctx.error('not-found', `${said}. Check the file name and the server's root folder.`);
  if (code === TFTP_ERROR.ACCESS_VIOLATION) return ctx.error('auth', `${said}. The server refuses to hand out this file; check its permissions.`);
  return ctx.error('protocol', `${said}.`);
}
