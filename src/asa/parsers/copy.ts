// The result of `copy /noconfirm URL disk0:/FILE`:
//   Accessing http://10.0.0.1/asa9-20-2-smp-k8.bin...!!!!!!
//   Writing file disk0:/asa9-20-2-smp-k8.bin...
//   !!!!!!!!!!!!!!!!
//   123456789 bytes copied in 45.230 secs (2743484 bytes/sec)
// SPA images add signature and hash validation lines, which say nothing about the copy itself. Any error
// line the device prints fails the copy, even after a byte count (e.g. a signature check that failed).

import type { CopyResult } from '../../core/ports';
import { CopyFailedError } from '../../core/errors';
import { redactUrlCredentials } from '../../core/redact';
import { findCommandError } from './command-error';
import { outputLines, parseError, stripProgress } from './text';

const WHAT = 'copy';
const COPIED = /^(\d+) bytes copied in (\d+(?:\.\d+)?) secs?(?: \((\d+) bytes\/sec\))?$/i;

/** What to check, by the cause the device names. */
function advice(deviceMessage: string): string {
  if (/no space left|insufficient (flash|space)|device full/i.test(deviceMessage)) {
    return 'Free space on the unit\'s flash (delete unused images) and run the copy again.';
  }
  if (/no such file|not found|file not found|\b404\b/i.test(deviceMessage)) {
    return 'Check the path and file name in the image URL: the server does not have that file.';
  }
  if (/timed out|timeout|unreachable|refused|no route|connection/i.test(deviceMessage)) {
    return 'Check that the server is reachable from the unit (routing, ACLs, the server running) and run the copy again.';
  }
  if (/permission|denied|login|auth|password/i.test(deviceMessage)) {
    return 'Check the user name and password in the image URL and the file\'s permissions on the server.';
  }
  if (/signature|hash|checksum|corrupt/i.test(deviceMessage)) {
    return 'The image did not pass the device\'s integrity check: download it again from Cisco and retry.';
  }
  return 'Read the device\'s message above, fix the cause and run the copy again.';
}

export function parseCopy(text: string): CopyResult {
  const error = findCommandError(text);
  if (error !== undefined) {
    const deviceMessage = redactUrlCredentials(error);
    throw new CopyFailedError(`The copy failed on the device: ${deviceMessage}. ${advice(deviceMessage)}`, deviceMessage);
  }
  for (const line of outputLines(text)) {
    const m = COPIED.exec(stripProgress(line.text));
    // Without the closing rate the seconds may be cut (`45.2` of `45.230`); the byte count is whole either way.
    if (!m || (!line.complete && m[3] === undefined)) continue;
    const result: CopyResult = { bytes: Number(m[1]) };
    result.seconds = Number(m[2]);
    return result;
  }
  throw parseError(WHAT, 'no "N bytes copied in T secs" line', redactUrlCredentials(text));
}
