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

function lastLine(text: string): string {
  return outputLines(text).filter((l) => l.text !== '').at(-1)?.text ?? '';
}

const WHAT = 'copy';
const COPIED = /^(\d+) bytes copied in (\d+(?:\.\d+)?) secs?(?: \((\d+) bytes\/sec\))?$/i;

/** The SCP server's host: the place the advice below tells the user to allow or trust. */
function scpHost(text: string): string {
  return /scp:\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^/:;\s]+)/i.exec(text)?.[1] ?? 'SERVER';
}

/**
 * Refusals of `copy scp:` that need a change on the unit, with the exact change (asa-cli.md, "SCP as a copy
 * source"). The unit's yes/no question about an unknown SCP server key is declined by the session (never
 * answered yes); what the unit prints after that lands here too.
 */
function scpAdvice(text: string): string | undefined {
  const host = scpHost(text);
  if (/failed to register with lina/i.test(text)) {
    return (
      `From 9.19 the unit's SSH client only reaches SCP servers that an ssh entry allows, and none allows ${host}. ` +
      `On the active unit, in configuration mode: ssh ${host} 255.255.255.255 INTERFACE (the interface that reaches ${host}), then write memory; ` +
      'or give the image as an HTTP(S), FTP or TFTP URL. Then run the upgrade again.'
    );
  }
  if (/\(yes\/no[^)]*\)\??|authenticity of host|host key verification failed/i.test(text)) {
    return (
      `The unit does not know the SCP server's host key (ssh stricthostkeycheck) and asked whether to trust it; the upgrade never answers yes for you. ` +
      `Check ${host}'s key fingerprint, then trust it on each unit (configuration mode: ssh pubkey-chain, server ${host}, key-hash sha256 FINGERPRINT), ` +
      'or run one copy from that server by hand on each unit and answer yes; or give the image as an HTTP(S), FTP or TFTP URL. Then run the upgrade again.'
    );
  }
  return undefined;
}

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
  const scp = scpAdvice(redactUrlCredentials(text));
  if (error !== undefined || scp !== undefined) {
    const deviceMessage = redactUrlCredentials(error ?? lastLine(text));
    throw new CopyFailedError(`The copy failed on the device: ${deviceMessage}. ${scp ?? advice(deviceMessage)}`, deviceMessage);
  }
  const lines = outputLines(text);
  // `write memory` answers with the same `N bytes copied in T secs` line (test/fixtures/asa-outputs/
  // write_memory.*.raw): that is the configuration being saved, not an image arriving on flash.
  if (lines.some((l) => /^Building configuration\.\.\.$/i.test(l.text))) {
    throw parseError(WHAT, 'this is the answer of `write memory` ("Building configuration..."), not of a copy', redactUrlCredentials(text));
  }
  for (const line of lines) {
    const m = COPIED.exec(stripProgress(line.text));
    // Without the closing rate the seconds may be cut (`45.2` of `45.230`); the byte count is whole either way.
    if (!m || (!line.complete && m[3] === undefined)) continue;
    const result: CopyResult = { bytes: Number(m[1]) };
    result.seconds = Number(m[2]);
    return result;
  }
  throw parseError(WHAT, 'no "N bytes copied in T secs" line', redactUrlCredentials(text));
}
