import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab, type LabPair } from '../../../src/lab';
import { Client } from 'ssh2';
import { PROMPT, RawShell } from './raw-shell';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'asa-outputs');

describe('lab CLI over SSH', function () {
  this.timeout(20000);
  let lab: LabPair;
  const shells: RawShell[] = [];
  before(async () => {
    lab = await startLab({ reloadSeconds: 2 });
  });
  // The unit takes 5 SSH sessions at once, as a real ASA does: each test gives its sessions back.
  afterEach(async () => {
    for (const s of shells.splice(0)) s.close();
    const open = (): number => lab.history.sessions().reduce((n, e) => n + (e.kind === 'session-open' ? 1 : /^session-(close|drop|stranded)$/.test(e.kind) ? -1 : 0), 0);
    await lab.waitFor(() => open() <= 0, 5000, 'the sessions to close');
  });
  after(async () => {
    await lab.stop();
  });
  const open = async (address: 'active' | 'standby', enable = true): Promise<RawShell> => {
    const s = await RawShell.login(lab, address, enable);
    shells.push(s);
    return s;
  };

  it('greets like an ASA and shows the hostname/priority/state prompt in each mode', async () => {
    const s = await RawShell.open(lab.activeEndpoint.port, lab.credentials.username, lab.credentials.password);
    shells.push(s);
    const greeting = await s.waitFor(PROMPT);
    assert.match(greeting, /Type help or '\?' for a list of available commands\.\r\n/);
    assert.match(greeting, /asa-lab\/pri\/act> $/);
    s.send('enable');
    await s.waitFor(/Password: $/);
    s.send(lab.credentials.enablePassword);
    assert.match(await s.waitFor(PROMPT), /\*+\r+\nasa-lab\/pri\/act# $/);
    s.send('configure terminal');
    assert.match(await s.waitFor(PROMPT), /asa-lab\/pri\/act\(config\)# $/);
    s.send('end');
    assert.match(await s.waitFor(PROMPT), /asa-lab\/pri\/act# $/);
    const standby = await open('standby');
    standby.send('');
    assert.match(await standby.waitFor(PROMPT), /asa-lab\/sec\/stby# $/);
  });

  it('refuses a wrong enable password three times, then says Access denied', async () => {
    const s = await open('active', false);
    s.send('enable');
    for (let i = 0; i < 2; i++) {
      await s.waitFor(/Password: $/);
      s.send('wrong-password');
      await s.waitFor(/Invalid password\r\n/);
    }
    await s.waitFor(/Password: $/);
    s.send('still-wrong');
    assert.match(await s.waitFor(PROMPT), /Access denied\.\r\nasa-lab\/pri\/act> $/);
    assert.ok(!lab.history.commands('primary').includes('wrong-password'), 'passwords are never recorded as commands');
  });

  it('marks invalid input with a caret under the word it cannot take', async () => {
    const s = await open('active');
    const out = await s.run('shw version');
    assert.equal(out, `${' '.repeat('asa-lab/pri/act# '.length)}^\nERROR: % Invalid input detected at '^' marker.`);
    const out2 = await s.run('show versoin');
    assert.equal(out2, `${' '.repeat('asa-lab/pri/act# show '.length)}^\nERROR: % Invalid input detected at '^' marker.`);
    assert.equal(await s.run('copy'), 'ERROR: % Incomplete command');
  });

  it('accepts unique abbreviations as an ASA does', async () => {
    const s = await open('active');
    assert.match(await s.run('sh ver'), /^Cisco Adaptive Security Appliance Software Version 9\.18\(4\)22$/m);
    assert.match(await s.run('sh run boot sys'), /^boot system disk0:\/asa9-18-4-22-smp-k8\.bin$/m);
  });

  it('pages long output with <--- More ---> until terminal pager 0', async () => {
    const s = await open('active', false);
    s.send('show version');
    const page1 = await s.waitFor(/<--- More --->/);
    assert.equal(page1.replace(/\r/g, '').split('\n').length - 2, 24, 'one echo line, 24 lines, then the More marker');
    s.raw(' ');
    await s.waitFor(/<--- More --->/);
    s.raw('q');
    await s.waitFor(PROMPT);
    await s.run('terminal pager 0');
    const whole = await s.run('show version');
    assert.ok(!whole.includes('More'));
    assert.match(whole, /^Configuration last modified by/m);
  });

  it('prints show version as an ASAv does (formats held against captures in test/unit/lab/conformance.test.ts)', async () => {
    const s = await open('active');
    const out = await s.run('show version');
    const lines = out.split('\n');
    assert.equal(lines[0], 'Cisco Adaptive Security Appliance Software Version 9.18(4)22');
    assert.match(lines[1], /^SSP Operating System Version /);
    assert.equal(lines[2], 'Device Manager Version 7.18(1)152');
    assert.match(out, /^System image file is "\(hd0,1\)\/asa9-18-4-22-smp-k8\.bin"$/m);
    assert.match(out, /^asa-lab up 41 days 19 hours$/m);
    assert.match(out, /^Hardware: {3}ASAv, /m);
    assert.match(out, /^Model Id: {3}ASAv10$/m);
    assert.match(out, new RegExp(`^Serial Number: ${lab.units.primary.serial}$`, 'm'));
  });

  it('prints show failover over SSH as the indented 9.12 captures do', async () => {
    const s = await open('active');
    const out = await s.run('show failover');
    const recorded = readFileSync(join(FIXTURES, 'show_failover.primary-active.asa5585-9.12.raw'), 'utf8');
    const headers = (t: string): string[] => t.split('\n').filter((l) => /^ *(This host|Other host|Stateful Failover|Failover On)/.test(l)).map((l) => l.replace(/ - .*$/, ''));
    assert.deepEqual(headers(out), headers(recorded));
    assert.match(out, /^Version: Ours 9\.18\(4\)22, Mate 9\.18\(4\)22$/m);
    assert.match(out, new RegExp(`^Serial Number: Ours ${lab.units.primary.serial}, Mate ${lab.units.secondary.serial}$`, 'm'));
    assert.match(out, /^ {8}This host: Primary - Active$/m);
    assert.match(out, /^ {8}Other host: Secondary - Standby Ready$/m);
  });

  it('prints dir disk0: with the columns and closing lines of the 9.9 capture', async () => {
    const s = await open('active');
    const out = await s.run('dir disk0:');
    const recorded = readFileSync(join(FIXTURES, 'dir.disk0.asa5516-9.9-percent-free.raw'), 'utf8');
    const row = /^(\d+ +)(-rwx|drwx)( +)(\d+ +)\d\d:\d\d:\d\d \w{3} \d\d \d{4}  \S+$/;
    const recordedRow = recorded.split('\n').find((l) => row.test(l))!;
    const ourRow = out.split('\n').find((l) => l.endsWith('asa9-18-4-22-smp-k8.bin'))!;
    assert.match(ourRow, row);
    assert.equal(ourRow.indexOf('-rwx'), recordedRow.indexOf('-rwx'));
    assert.equal(ourRow.search(/\d\d:\d\d:\d\d/), recordedRow.search(/\d\d:\d\d:\d\d/));
    assert.match(out, /^Directory of disk0:\/$/m);
    assert.match(out, /^\d+ file\(s\) total size: \d+ bytes$/m);
    assert.match(out, /^8589934592 bytes total \(\d+ bytes free\/\d+% free\)$/m);
    assert.match(out, /asdm-7181-152\.bin$/m);
    assert.match(out, /  use_ttyS0$/m);
  });

  it('shows the boot configuration and bootvar (ASAv: the saved entry as (hd0,1)/FILE)', async () => {
    const s = await open('active');
    assert.equal(await s.run('show running-config boot system'), 'boot system disk0:/asa9-18-4-22-smp-k8.bin');
    assert.equal(await s.run('show running-config asdm image'), 'asdm image disk0:/asdm-7181-152.bin');
    const bootvar = await s.run('show bootvar');
    assert.match(bootvar, /^BOOT variable = \(hd0,1\)\/asa9-18-4-22-smp-k8\.bin$/m);
    assert.match(bootvar, /^Current BOOT variable = disk0:\/asa9-18-4-22-smp-k8\.bin$/m);
  });

  it('records every command per unit with the address it came in on', async () => {
    const s = await open('standby');
    await s.run('show failover state');
    await s.run('failover exec mate show version');
    const events = lab.history.commandEvents();
    assert.ok(events.some((e) => e.unit === 'secondary' && e.command === 'show failover state' && e.address === 'standby' && e.via === 'self'));
    assert.ok(events.some((e) => e.unit === 'primary' && e.command === 'show version' && e.via === 'mate' && e.address === 'standby'));
  });

  it('accepts keyboard-interactive authentication and refuses a wrong password', async () => {
    const tryLogin = (password: string): Promise<boolean> =>
      new Promise((resolve) => {
        const c = new Client();
        c.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)));
        c.once('ready', () => {
          c.end();
          resolve(true);
        });
        c.once('error', () => resolve(false));
        c.connect({ host: '127.0.0.1', port: lab.activeEndpoint.port, username: lab.credentials.username, tryKeyboard: true, hostVerifier: () => true });
      });
    assert.equal(await tryLogin(lab.credentials.password), true);
    assert.equal(await tryLogin('not-the-password'), false);
  });

  it('shows the failover history, starting with how the pair formed', async () => {
    const s = await open('standby');
    const out = await s.run('show failover history');
    assert.match(out, /^From State +To State +Reason$/m);
    assert.match(out, /^Bulk Sync {18}Standby Ready {14}Detected an Active mate$/m);
  });

  it('logs out on exit', async () => {
    const s = await open('active');
    s.send('exit');
    assert.equal(await s.waitClosed(), true);
  });

  it('can use the plain prompt', async () => {
    const plain = await startLab({ promptStyle: 'plain', hostname: 'fw1' });
    try {
      const s = await RawShell.open(plain.activeEndpoint.port, plain.credentials.username, plain.credentials.password);
      assert.match(await s.waitFor(PROMPT), /\nfw1> $/);
      s.close();
    } finally {
      await plain.stop();
    }
  });
});
