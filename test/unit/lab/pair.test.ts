import { strict as assert } from 'node:assert';
import { PairModel } from '../../../src/lab/pair';
import { UnitState } from '../../../src/lab/unit';
import { makeImageBytes } from '../../../src/lab/images';

const OLD = 'asa9-18-4-22-smp-k8.bin';
const NEW = 'asa9-20-2-smp-k8.bin';

function makePair(reloadSeconds = 0.2): PairModel {
  const mk = (role: 'primary' | 'secondary'): UnitState => {
    const u = new UnitState(role, role);
    for (const f of [OLD, NEW]) u.flash.set(f, { data: makeImageBytes(f, 64), mtime: new Date() });
    u.running = { bootImages: [`disk0:/${OLD}`] };
    u.saved = { bootImages: [`disk0:/${OLD}`] };
    u.runningImage = `disk0:/${OLD}`;
    u.version = '9.18(4)22';
    return u;
  };
  return new PairModel({ reloadSeconds, failoverSeconds: 0.05 }, mk('primary'), mk('secondary'));
}

const until = async (check: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('lab pair model', () => {
  let pair: PairModel;
  afterEach(() => pair.stop());

  it('an active unit that reloads hands over in the same instant, so the pair always has an active unit', async () => {
    pair = makePair();
    const { primary, secondary } = pair.units;
    pair.reload(primary, 'test');
    assert.equal(secondary.isActive, true);
    assert.equal(pair.unitAt('active'), secondary);
    assert.equal(pair.unitAt('standby'), undefined, 'nobody answers the standby address while the primary is down');
    const handover = pair.history.transitions();
    assert.deepEqual(handover.map((t) => [t.unit, t.to]), [['secondary', 'Just Active'], ['primary', 'Failed']]);
    assert.equal(handover[0].at, handover[1].at);
    await until(() => primary.state === 'Standby Ready' && secondary.state === 'Active');
    assert.equal(pair.unitAt('standby'), primary);
  });

  it('a unit whose mate is down at boot becomes active by itself', async () => {
    pair = makePair();
    const { primary, secondary } = pair.units;
    pair.reload(secondary, 'test');
    pair.reload(primary, 'test');
    assert.equal(pair.active, undefined);
    await until(() => pair.active !== undefined && primary.state === 'Active' && secondary.state === 'Standby Ready');
    assert.equal(pair.active, primary, 'both went down; the first back took the role');
  });

  it('boots what the saved configuration names, not what is only in the running one', async () => {
    pair = makePair();
    const { primary, secondary } = pair.units;
    pair.configure(primary, (b) => {
      b.bootImages = [`disk0:/${NEW}`, `disk0:/${OLD}`];
    });
    assert.deepEqual(secondary.bootImages, [`disk0:/${NEW}`, `disk0:/${OLD}`], 'replicated to the standby');
    pair.reload(secondary, 'test');
    await until(() => secondary.state === 'Standby Ready');
    assert.equal(secondary.version, '9.18(4)22', 'nothing was saved');
    assert.equal(pair.writeMemory(primary), true);
    pair.reload(secondary, 'test');
    await until(() => secondary.state === 'Standby Ready' && secondary.reloadCount === 2);
    assert.equal(secondary.version, '9.20(2)');
  });

  it('faults fire as often as asked and only on their unit', () => {
    pair = makePair();
    pair.faults.inject({ kind: 'refuse-failover', unit: 'secondary', times: 2 });
    assert.equal(pair.faults.take('refuse-failover', 'primary'), undefined);
    assert.ok(pair.faults.take('refuse-failover', 'secondary'));
    assert.ok(pair.faults.take('refuse-failover', 'secondary'));
    assert.equal(pair.faults.take('refuse-failover', 'secondary'), undefined);
    assert.deepEqual(pair.history.events.filter((e) => e.kind === 'fault').map((e) => e.unit), ['secondary', 'secondary']);
  });
});
