// Open Lab from the command, then the tree shows the lab pair with both units and their failover states.

import * as assert from 'node:assert/strict';
import { extensionApi, openLab, pairNode, unit, waitFor } from './support';

describe('Open Lab and the pairs tree', function () {
  this.timeout(90_000);

  it('shows the lab pair with the primary Active and the secondary Standby Ready', async () => {
    const api = await extensionApi();
    const name = await openLab();
    assert.ok(api.pairNames().includes(name), `the lab pair "${name}" is not among the pairs: ${api.pairNames().join(', ')}`);

    let last: unknown;
    const node = await waitFor(
      'both units of the lab pair in the tree',
      async () => {
        const tree = await api.treeSnapshot();
        last = tree;
        const n = pairNode(tree, name);
        return unit(n, 'Primary') && unit(n, 'Secondary') ? n : undefined;
      },
      60_000,
      () => last,
    );
    const primary = unit(node, 'Primary')?.description ?? '';
    const secondary = unit(node, 'Secondary')?.description ?? '';
    assert.match(primary, /\bActive\b/i, `primary: ${primary}`);
    assert.match(primary, /9\.18\(4\)22/, `primary runs the lab's starting version: ${primary}`);
    assert.match(secondary, /Standby Ready/i, `secondary: ${secondary}`);
    assert.ok(node.description, 'the pair node describes its version and health');
  });
});
