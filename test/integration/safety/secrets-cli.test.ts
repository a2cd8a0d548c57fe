// Secrets never leave the process: a unique SSH password, enable password and URL password (user:pass in the
// image URLs, to servers that require them) are planted; the CLI runs status, plan, a full upgrade (journal,
// --verbose so every command and answer is logged), a wrong enable password, a failing copy and a resume.
// Every byte of stdout and stderr, the journals, and every file written under the run's home and temp folders
// is searched: none of the secrets (nor their percent-encoded forms) appears anywhere.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeImageBytes, startLab, type LabPair } from '../../../src/lab';
import { startFileServer } from '../../../src/lab/servers';
import type { FileServer } from '../../../src/lab/servers/types';
import { snapshotCli, ensureBuilt, filesUnder, runCli, type CliResult } from '../../support/cli-process';
import { NEW_ASA, NEW_ASDM, NEW_VERSION } from '../upgrade/support';

/** Unique, greppable, and with characters that get percent-encoded in URLs. */
const secret = (label: string): string => `${label}-${randomBytes(6).toString('hex')}#Zq!`;

describe('secrets never appear in CLI output, logs, journals or files', function () {
  this.timeout(600_000);
  const PASSWORD = secret('sshPw');
  const ENABLE = secret('enPw');
  const WRONG_ENABLE = secret('wrongEn');
  const URL_PASSWORD = secret('urlPw');
  const SECRETS = { PASSWORD, ENABLE, WRONG_ENABLE, URL_PASSWORD };
  const runs: Array<{ name: string; result: CliResult }> = [];
  let dir: string;
  let home: string;
  let temp: string;
  const labs: LabPair[] = [];
  const servers: FileServer[] = [];

  let dropSnapshot: (() => void) | undefined;

  before(async () => {
    ensureBuilt();
    dropSnapshot = snapshotCli();
    dir = mkdtempSync(join(tmpdir(), 'secrets-cli-'));
    home = join(dir, 'home');
    temp = join(dir, 'tmp');
    mkdirSync(home);
    mkdirSync(temp);
  });
  after(async () => {
    dropSnapshot?.();
    await Promise.all([...labs.map((l) => l.stop()), ...servers.map((s) => s.stop())]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function pair(): Promise<{ lab: LabPair; conn: string[]; env: NodeJS.ProcessEnv }> {
    const lab = await startLab({ reloadSeconds: 1.5, failoverSeconds: 0.3, username: 'admin', password: PASSWORD, enablePassword: ENABLE });
    labs.push(lab);
    const knownHosts = join(dir, `known_hosts-${labs.length}`);
    writeFileSync(knownHosts, lab.knownHostsLines());
    const conn = ['--active', `127.0.0.1:${lab.activeEndpoint.port}`, '--standby', `127.0.0.1:${lab.standbyEndpoint.port}`, '--username', 'admin', '--known-hosts', knownHosts];
    return { lab, conn, env: { ASA_PASSWORD: PASSWORD, ASA_ENABLE_PASSWORD: ENABLE, HOME: home, TMPDIR: temp } };
  }

  async function cli(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
    const result = await runCli(args, env, 180_000);
    runs.push({ name, result });
    return result;
  }

  it('runs status, plan, upgrade, a wrong enable password, a failing copy and a resume, all logged verbosely', async () => {
    const files = new Map([
      [NEW_ASA, makeImageBytes(NEW_ASA, 1024 * 1024 + 3)],
      [NEW_ASDM, makeImageBytes(NEW_ASDM, 256 * 1024 + 1)],
    ]);
    const http = await startFileServer('http', files, { username: 'imguser', password: URL_PASSWORD });
    const ftp = await startFileServer('ftp', files, { username: 'imguser', password: URL_PASSWORD });
    servers.push(http, ftp);
    const asa = http.url(NEW_ASA, { withCredentials: true });
    const asdm = http.url(NEW_ASDM, { withCredentials: true });
    assert.ok(asa.includes(encodeURIComponent(URL_PASSWORD)), 'the URL carries the password');

    const a = await pair();
    const status = await cli('status', ['status', ...a.conn, '--verbose'], a.env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stderr, /# show failover/, '--verbose logs the commands');

    const plan = await cli('plan', ['plan', ...a.conn, '--asa', asa, '--asdm', asdm, '--verbose'], a.env);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /copy \/noconfirm http:\/\/imguser:\*{5}@/);

    const journal = join(dir, 'journal-upgrade.json');
    const up = await cli('upgrade', ['upgrade', ...a.conn, '--asa', asa, '--asdm', asdm, '--journal', journal, '--verbose', '--yes', '--poll-ms', '100'], a.env);
    assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
    assert.equal(a.lab.units.primary.version, NEW_VERSION);
    assert.match(up.stderr, /copy \/noconfirm http:\/\/imguser:\*{5}@/, 'the copy command is logged, its password masked');
    assert.ok(http.requests.some((r) => r.ok), 'the image really came from the server that needs the password');

    // A wrong enable password: the CLI fails (and must not echo what was typed).
    const wrong = await cli('wrong-enable', ['status', ...a.conn, '--verbose'], { ...a.env, ASA_ENABLE_PASSWORD: WRONG_ENABLE });
    assert.notEqual(wrong.code, 0, 'a wrong enable password must fail');
    assert.match(wrong.stderr, /enable/i);

    // A failing copy: the file is not on the FTP server; the device's %Error line names the URL (with its password).
    const b = await pair();
    const missing = ftp.url('asa9-22-1-smp-k8.bin', { withCredentials: true });
    const journal2 = join(dir, 'journal-failed.json');
    const failed = await cli('failing-copy', ['upgrade', ...b.conn, '--asa', missing, '--download-only', '--journal', journal2, '--verbose', '--yes', '--poll-ms', '100'], b.env);
    assert.equal(failed.code, 1, `${failed.stdout}\n${failed.stderr}`);
    assert.match(failed.stdout, /Copying asa9-22-1-smp-k8\.bin to the (primary|secondary) failed/);
    assert.ok(b.lab.history.events.some((e) => e.kind === 'copy-end' && e.bytes === undefined), 'the copy really failed on the device');

    // A copy that fails part-way (server unreachable once), then resume: first without the URL (the journal has
    // no password, so it must refuse), then with the URL given again.
    b.lab.faults.inject({ kind: 'copy-unreachable', unit: 'secondary', times: 1 });
    const journal3 = join(dir, 'journal-resume.json');
    const ftpAsa = ftp.url(NEW_ASA, { withCredentials: true });
    const cut = await cli('copy-unreachable', ['upgrade', ...b.conn, '--asa', ftpAsa, '--download-only', '--journal', journal3, '--verbose', '--yes', '--poll-ms', '100'], b.env);
    assert.equal(cut.code, 1, `${cut.stdout}\n${cut.stderr}`);
    const noUrl = await cli('resume-without-url', ['resume', ...b.conn, '--journal', journal3, '--verbose', '--yes', '--poll-ms', '100'], b.env);
    assert.equal(noUrl.code, 2, `${noUrl.stdout}\n${noUrl.stderr}`);
    assert.match(noUrl.stdout, /no password/);
    const resumed = await cli('resume', ['resume', ...b.conn, '--journal', journal3, '--asa', ftpAsa, '--verbose', '--yes', '--poll-ms', '100'], b.env);
    assert.equal(resumed.code, 0, `${resumed.stdout}\n${resumed.stderr}`);
    assert.equal(b.lab.units.secondary.files().get(NEW_ASA), files.get(NEW_ASA)!.length);
    const journalText = readFileSync(journal3, 'utf8');
    assert.match(journalText, /ftp:\/\/imguser:\*{5}@/, 'the journal keeps the URL with its password masked');

    // Everything the runs printed and every file they left: no secret, in any encoding.
    const haystacks: Array<[string, string]> = [
      ...runs.flatMap(({ name, result }) => [
        [`${name} stdout`, result.stdout],
        [`${name} stderr`, result.stderr],
      ] as Array<[string, string]>),
      ...[...filesUnder(home), ...filesUnder(temp), journal, journal2, journal3].map((f) => [f, readFileSync(f, 'latin1')] as [string, string]),
    ];
    const leaks: string[] = [];
    for (const [label, value] of Object.entries(SECRETS)) {
      for (const form of new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64'), value.split('-')[1]])) {
        for (const [where, text] of haystacks) if (text.includes(form)) leaks.push(`${label} (${form === value ? 'plain' : 'encoded'}) in ${where}`);
      }
    }
    console.log(`      searched ${haystacks.length} outputs and files (${haystacks.reduce((n, [, t]) => n + t.length, 0)} bytes) for ${Object.keys(SECRETS).length} secrets`);
    assert.deepEqual(leaks, []);
  });
});
