// TFTP packet encoding shared by the lab's client and server (RFC 1350, options RFC 2347/2348/2349).

export const OP = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

export const TFTP_ERROR = { NOT_DEFINED: 0, FILE_NOT_FOUND: 1, ACCESS_VIOLATION: 2, ILLEGAL_OPERATION: 4, UNKNOWN_TID: 5, OPTION_REFUSED: 8 } as const;

export const DEFAULT_BLOCK_SIZE = 512;
export const MIN_BLOCK_SIZE = 8;
export const MAX_BLOCK_SIZE = 65464;

export type TftpPacket =
  | { op: typeof OP.RRQ | typeof OP.WRQ; file: string; mode: string; options: Map<string, string> }
  | { op: typeof OP.DATA; block: number; data: Buffer }
  | { op: typeof OP.ACK; block: number }
  | { op: typeof OP.ERROR; code: number; message: string }
  | { op: typeof OP.OACK; options: Map<string, string> };

/** Returns undefined for anything malformed; TFTP peers ignore garbage rather than fail on it. */
export function decodePacket(msg: Buffer): TftpPacket | undefined {
  if (msg.length < 4) return undefined;
  const op = msg.readUInt16BE(0);
  switch (op) {
    case OP.RRQ:
    case OP.WRQ: {
      const fields = strings(msg.subarray(2));
      if (!fields || fields.length < 2) return undefined;
      return { op, file: fields[0], mode: fields[1].toLowerCase(), options: optionMap(fields.slice(2)) };
    }
    case OP.DATA:
      return { op, block: msg.readUInt16BE(2), data: msg.subarray(4) };
    case OP.ACK:
      return { op, block: msg.readUInt16BE(2) };
    case OP.ERROR: {
      const end = msg.indexOf(0, 4);
      return { op, code: msg.readUInt16BE(2), message: msg.subarray(4, end < 0 ? msg.length : end).toString('utf8') };
    }
    case OP.OACK: {
      const fields = strings(msg.subarray(2));
      return fields ? { op, options: optionMap(fields) } : undefined;
    }
    default:
      return undefined;
  }
}

export function encodeRequest(op: typeof OP.RRQ | typeof OP.WRQ, file: string, mode: string, options: Map<string, string>): Buffer {
  return Buffer.concat([u16(op), zstrings([file, mode, ...[...options].flat()])]);
}

export function encodeData(block: number, data: Buffer): Buffer {
  return Buffer.concat([u16(OP.DATA), u16(block), data]);
}

export function encodeAck(block: number): Buffer {
  return Buffer.concat([u16(OP.ACK), u16(block)]);
}

export function encodeError(code: number, message: string): Buffer {
  return Buffer.concat([u16(OP.ERROR), u16(code), zstrings([message])]);
}

export function encodeOack(options: Map<string, string>): Buffer {
  return Buffer.concat([u16(OP.OACK), zstrings([...options].flat())]);
}

/** Block numbers are 16 bits; large images roll over to 0 (the common convention, as in tftp-hpa). */
export function nextBlock(block: number): number {
  return (block + 1) & 0xffff;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function zstrings(values: string[]): Buffer {
  return Buffer.concat(values.map((v) => Buffer.from(`${v}\0`, 'utf8')));
}

function strings(body: Buffer): string[] | undefined {
  if (body.length === 0 || body[body.length - 1] !== 0) return undefined;
  return body.subarray(0, body.length - 1).toString('utf8').split('\0');
}

function optionMap(fields: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i].toLowerCase(), fields[i + 1]);
  return map;
}
