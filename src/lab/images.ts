// Image files of the lab: deterministic content (so a file server and a verify agree without sharing state),
// and the version a file name carries (a unit's version after a reload comes from the image it booted).
// Deliberately independent of src/core/images.ts: the lab must not share the code it is testing.

import { createHash } from 'node:crypto';

/** Deterministic bytes for a file name and size: same inputs, same bytes, on every machine. */
export function makeImageBytes(fileName: string, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  const seed = createHash('sha256').update(`${fileName}\0${size}`).digest();
  // xorshift128 seeded from the hash: fast enough for hundreds of MB, unlike hashing every block.
  let a = seed.readUInt32LE(0) | 1;
  let b = seed.readUInt32LE(4);
  let c = seed.readUInt32LE(8);
  let d = seed.readUInt32LE(12);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    out.writeUInt32LE(d, i);
  }
  for (; i < size; i++) out[i] = seed[i % seed.length];
  return out;
}

export interface LabImageName {
  kind: 'asa' | 'asdm';
  version: string;
}

function fromDigits(major: string, minor: string, maint: string, interim?: string): string {
  return `${Number(major)}.${Number(minor)}(${Number(maint)})${interim ? Number(interim) : ''}`;
}

/**
 * The version an image file name carries:
 * `asa9-20-2-smp-k8.bin` 9.20(2), `asa9-18-4-22-smp-k8.bin` 9.18(4)22, `asa952-204-smp-k8.bin` 9.5(2)204,
 * `asa9-16-3-19-lfbff-k8.SPA` 9.16(3)19, `cisco-asa-fp1k.9.20.2.SPA` 9.20(2),
 * `asdm-7201.bin` 7.20(1), `asdm-7181-152.bin` 7.18(1)152, `asdm-782.bin` 7.8(2).
 */
export function imageFromName(fileName: string): LabImageName | undefined {
  const name = fileName.replace(/^.*[/:]/, '');
  let m = /^asa(\d+)-(\d+)-(\d+)(?:-(\d+))?-(?:smp|lfbff)-k8\.(?:bin|spa)$/i.exec(name);
  if (m) return { kind: 'asa', version: fromDigits(m[1], m[2], m[3], m[4]) };
  m = /^asa(\d)(\d+)(\d)(?:-(\d+))?-(?:smp|lfbff)-k8\.(?:bin|spa)$/i.exec(name);
  if (m) return { kind: 'asa', version: fromDigits(m[1], m[2], m[3], m[4]) };
  m = /^asa(\d)(\d+)(\d)(?:-(\d+))?-k8\.bin$/i.exec(name);
  if (m) return { kind: 'asa', version: fromDigits(m[1], m[2], m[3], m[4]) };
  m = /^cisco-asa-fp\w+\.(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?\.spa$/i.exec(name);
  if (m) return { kind: 'asa', version: fromDigits(m[1], m[2], m[3], m[4]) };
  m = /^asdm-(\d)(\d+)(\d)(?:-(\d+))?\.bin$/i.exec(name);
  if (m) return { kind: 'asdm', version: fromDigits(m[1], m[2], m[3], m[4]) };
  return undefined;
}
