// Each output format the lab prints, held against the real capture of the same command
// (test/fixtures/asa-outputs/, sources in its README): same lines, same order, same labels and padding.
// When one fails, the capture wins: change the lab (src/lab/outputs.ts, src/lab/platforms/), not the capture.
// Where no public capture exists (verify, show failover history, the sync states), nothing is compared here;
// the corpus README says so.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute } from '../../../src/lab/commands';
import { startLabImageServer } from '../../../src/lab/lab-images';
import type { ExecContext } from '../../../src/lab/context';
import { labPlatform, PLATFORMS } from '../../../src/lab/platforms';
import { buildLabModel, type LabModel } from '../../../src/lab/setup';
import type { UnitState } from '../../../src/lab/unit';
import { skeleton, type SkeletonOptions } from './skeleton';

const CAPTURES = join(__dirname, '..', '..', 'fixtures', 'asa-outputs');
const capture = (file: string): string => readFileSync(join(CAPTURES, file), 'utf8');

function run(model: LabModel, unit: UnitState, command: string, streamed: string[] = []): Promise<string | undefined> {
  const ctx: ExecContext = {
    pair: model.pair,
    settings: model.settings,
    unit,
    via: 'self',
    address: unit.isActive ? 'active' : 'standby',
    mode: 'priv',
    promptLength: 17,
    stream: (t) => streamed.push(t),
  };
  return execute(ctx, command);
}

async function output(model: LabModel, unit: UnitState, command: string): Promise<string> {
  const streamed: string[] = [];
  const answer = await run(model, unit, command, streamed);
  return streamed.join('') + (answer ?? '');
}

function sameShape(lab: string, real: string, what: string, options: SkeletonOptions = {}, labOnly: SkeletonOptions = {}): void {
  const ours = skeleton(lab, { drop: [...(options.drop ?? []), ...(labOnly.drop ?? [])], collapse: options.collapse });
  const theirs = skeleton(real, options);
  assert.deepEqual(ours, theirs, `${what}: the lab's lines (first) differ from the capture's (second)`);
}

/** Units in the capture were not in a failover pair, or had modules the lab's units do not have. */
const NOT_IN_A_PAIR: SkeletonOptions = { drop: [/^failover cluster up/] };
const MODULES = [/ hw\/sw rev <v> status \(\w+\/Up\)$/, /^\s+(IPS|ASA FirePOWER), /];

describe('lab outputs hold the shape of real captures', () => {
  const models: LabModel[] = [];
  const model = (platform: string): LabModel => {
    const m = buildLabModel({ platform, password: 'p', enablePassword: 'e', reloadSeconds: 1 });
    models.push(m);
    return m;
  };
  afterEach(() => {
    for (const m of models.splice(0)) m.pair.stop();
  });

  describe('show version, per platform', () => {
    it('ASAv: as genieparser\'s ASAv10 capture (show_version.asav10-9.8.raw)', async () => {
      const m = model('asav');
      // ASAv captures print their system image as `boot:/FILE` (9.5, 9.8) or `(hd0,1)/FILE` (the 9.6 transcript);
      // the lab prints the latter (next test), so the path's prefix is left out here.
      const path = { drop: [/^System image file is /] };
      sameShape(await output(m, m.pair.units.primary, 'show version'), capture('show_version.asav10-9.8.raw'), 'ASAv', path, NOT_IN_A_PAIR);
    });

    it('ASAv: its system image as `(hd0,1)/FILE` like the ASAv 9.6 transcript (show_version.asav-9.6-hd0.cut.raw)', async () => {
      const m = model('asav');
      const real = skeleton(capture('show_version.asav-9.6-hd0.cut.raw')).find((l) => l.startsWith('System image file'));
      const ours = skeleton((await output(m, m.pair.units.primary, 'show version'))!).find((l) => l.startsWith('System image file'));
      assert.equal(real, 'System image file is "(hd0,1)/<file>"');
      assert.equal(ours, real);
    });

    it('ASA 5516-X: as ntc-templates\' 5516 capture in a failover pair (show_version.asa5516-9.9-failover.raw)', async () => {
      const m = model('asa5516');
      sameShape(await output(m, m.pair.units.primary, 'show version'), capture('show_version.asa5516-9.9-failover.raw'), '5516');
    });

    for (const name of ['asa5555', 'asa5525', 'asa5585']) {
      it(`${labPlatform(name).title}: as genieparser's 5555 capture (show_version.asa5555-9.14.raw)`, async () => {
        const m = model(name);
        sameShape(await output(m, m.pair.units.primary, 'show version'), capture('show_version.asa5555-9.14.raw'), name, {}, NOT_IN_A_PAIR);
      });
    }

    it('Firepower 2100: as the FPR-2130 capture in unicon\'s mock data, up to its first page (show_version.fpr2130-9.8.first-page.raw)', async () => {
      const m = model('fpr2100');
      const real = skeleton(capture('show_version.fpr2130-9.8.first-page.raw'));
      const ours = skeleton(await output(m, m.pair.units.primary, 'show version'));
      assert.deepEqual(ours.slice(0, real.length), real);
      assert.ok(ours.includes('Serial Number: <v>'), 'the rest of the output carries the serial');
    });

    it('every platform prints the model its summary names, and the serial format of the real thing', async () => {
      for (const p of PLATFORMS) {
        const m = model(p.name);
        const text = await output(m, m.pair.units.primary, 'show version');
        assert.match(text, new RegExp(`^Hardware: +${p.model.replace(/[-.]/g, '\\$&')}[,\\s]`, 'm'), p.name);
        const serial = /^Serial Number: (\S+)$/m.exec(text)?.[1];
        assert.match(serial ?? '', p.family === 'smp' && p.name === 'asav' ? /^9A[0-9A-Z]{9}$/ : /^[A-Z]{3}\d{4}[0-9A-Z]{4}$/, p.name);
      }
    });
  });

  describe('show failover', () => {
    const collapse = [/^\s+Interface <name> /];

    it('a pair in Active/Standby Ready: as ntc-templates\' 5585 capture on 9.12 (show_failover.primary-active.asa5585-9.12.raw)', async () => {
      const m = model('asa5585');
      sameShape(await output(m, m.pair.units.primary, 'show failover'), capture('show_failover.primary-active.asa5585-9.12.raw'), '5585', {
        drop: MODULES,
        collapse,
      });
    });

    it('a mate that is down: as genieparser\'s ASAv capture with a Failed mate (show_failover.mate-failed.asav-9.12.raw)', async () => {
      const m = model('asav');
      m.pair.reload(m.pair.units.secondary, 'test');
      sameShape(await output(m, m.pair.units.primary, 'show failover'), capture('show_failover.mate-failed.asav-9.12.raw'), 'ASAv mate down', { collapse });
    });

    it('the slot line of each platform has the shape of a captured one', async () => {
      const captured = ['show_failover.primary-active.asa5585-9.12.raw', 'show_failover.mate-failed.asav-9.12.raw', 'show_failover.secondary-active.asa5516-9.6.raw']
        .flatMap((f) => skeleton(capture(f)))
        .filter((l) => /^\s+slot <v> /.test(l));
      for (const p of PLATFORMS) {
        const m = model(p.name);
        const slot = skeleton(await output(m, m.pair.units.primary, 'show failover')).find((l) => /^\s+slot <v> /.test(l));
        assert.ok(slot && captured.includes(slot), `${p.name}: ${slot}`);
      }
    });
  });

  it('show failover state: as the FTDv 9.18 capture (show_failover_state.mate-comm-failure.ftdv-9.18.raw)', async () => {
    const m = model('asav');
    m.pair.reload(m.pair.units.secondary, 'test');
    const ours = skeleton(await output(m, m.pair.units.primary, 'show failover state'));
    const real = skeleton(capture('show_failover_state.mate-comm-failure.ftdv-9.18.raw'));
    // The capture's mate is Standby Ready after a communication failure; ours is down (Failed): the states are values.
    const state = (l: string): string => l.replace(/^( {15})(Active|Standby Ready|Failed) +/, '$1<state> ').replace(/Sync (Done|Skipped)|Mac set|Comm Failure$/, '<value>');
    assert.deepEqual(ours.map(state), real.map(state));
  });

  describe('dir disk0:', () => {
    it('as ntc-templates\' 9.9 `dir` with the file count and the percentage free (dir.disk0.asa5516-9.9-percent-free.raw)', async () => {
      const m = model('asa5516');
      const rows = [/^<v> +(-rwx|drwx) /];
      sameShape(await output(m, m.pair.units.primary, 'dir disk0:'), capture('dir.disk0.asa5516-9.9-percent-free.raw'), 'dir', { collapse: rows });
    });

    it('the columns of every row start where the captures\' do', async () => {
      const columns = (l: string): number[] => [l.search(/[-d]rwx/), l.search(/\d\d:\d\d:\d\d/), l.search(/ {2}\S+$/)];
      const rowsOf = (t: string): string[] => t.split('\n').filter((l) => /^\d+ +[-d]rwx +\d+ +\d\d:\d\d:\d\d \w{3} \d\d \d{4} {2}\S/.test(l));
      const real = ['dir.disk0.asa5516-9.9-percent-free.raw', 'dir.disk0.asav-9.6.cut-before-total.raw', 'dir.disk0.asa5506-9.5.raw'].flatMap((f) => rowsOf(capture(f)));
      const want = columns(real[0]);
      for (const r of real) assert.deepEqual(columns(r).slice(0, 2), want.slice(0, 2), r);
      for (const p of PLATFORMS) {
        const m = model(p.name);
        const ours = rowsOf(await output(m, m.pair.units.primary, 'dir disk0:'));
        assert.ok(ours.length >= 2, p.name);
        for (const r of ours) assert.deepEqual(columns(r).slice(0, 2), want.slice(0, 2), `${p.name}: ${r}`);
      }
    });

    it('ASAv keeps the files and directories of the ASAv transcript\'s `dir` (dir.disk0.asav-9.6.cut-before-total.raw)', async () => {
      const m = model('asav');
      const names = (t: string): string[] => t.split('\n').map((l) => /^\d+ +[-d]rwx .* {2}(\S+)$/.exec(l)?.[1]).filter((n): n is string => !!n && !/\.(bin|spa)$/i.test(n));
      assert.deepEqual(names(await output(m, m.pair.units.primary, 'dir disk0:')).sort(), names(capture('dir.disk0.asav-9.6.cut-before-total.raw')).sort());
    });
  });

  it('show bootvar on ASAv: the saved entry as `(hd0,1)/FILE`, the current one on disk0: (show_bootvar.asav-9.6-hd0.raw)', async () => {
    const m = model('asav');
    sameShape(await output(m, m.pair.units.primary, 'show bootvar'), capture('show_bootvar.asav-9.6-hd0.raw'), 'bootvar');
  });

  it('show running-config boot system: as the 5525 transcript\'s two entries (show_running-config_boot_system.new-first-old-fallback.asa5525-9.2.raw)', async () => {
    const m = model('asa5525');
    const u = m.pair.units.primary;
    m.pair.configure(u, (b) => b.bootImages.unshift(`disk0:/${m.platform.to.asa}`));
    sameShape(await output(m, u, 'show running-config boot system'), capture('show_running-config_boot_system.new-first-old-fallback.asa5525-9.2.raw'), 'boot system');
  });

  it('write memory: as the ASAv and 5525 transcripts (write_memory.*.raw)', async () => {
    const m = model('asav');
    // Replication notices may arrive in the answer on a real active unit; they are the session's concern.
    const replication = { drop: [/^(Beginning configuration replication|End Configuration Replication)/] };
    for (const f of ['write_memory.asav-9.6.raw', 'write_memory.asa5525-9.2.raw']) {
      sameShape(await output(m, m.pair.units.primary, 'write memory'), capture(f), f, {}, replication);
    }
  });

  it('a mate back on another release: the active unit prints the captured banner, then the replication notices (console.mate-version-warning.*.raw)', async () => {
    const m = model('asav');
    const notes: string[] = [];
    m.pair.listener = { ...m.pair.listener, notify: (unit, line) => unit === 'primary' && notes.push(line) };
    const u = m.pair.units.secondary;
    u.flash.set(m.platform.to.asa, { data: Buffer.alloc(16), mtime: new Date() });
    u.saved = { ...u.saved, bootImages: [`disk0:/${m.platform.to.asa}`] };
    m.pair.reload(u, 'test');
    const deadline = Date.now() + 20_000;
    while (u.state !== 'Standby Ready' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(u.state, 'Standby Ready');
    for (const f of ['console.mate-version-warning.on-active.asav-9.6.raw', 'console.mate-version-warning.on-active.asa5525-9.2.raw']) {
      assert.deepEqual(skeleton(notes.join('\n')), skeleton(capture(f)), f);
    }
  });

  it('copy /noconfirm URL disk0:/FILE: as the 5525 transcript\'s copy (copy.tftp.failover-exec-mate.asa5525-9.2.raw)', async function () {
    const m = model('asav');
    const images = await startLabImageServer({ asa: 300 * 1024, asdm: 1024 }, m.platform);
    try {
      const text = await output(m, m.pair.units.primary, `copy /noconfirm ${images.asaUrl} disk0:/${m.platform.to.asa}`);
      sameShape(text, capture('copy.tftp.failover-exec-mate.asa5525-9.2.raw'), 'copy');
    } finally {
      await images.server.stop();
    }
  });
});

