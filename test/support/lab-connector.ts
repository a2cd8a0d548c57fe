// A real SSH connector to a lab pair, as a user would build one: known_hosts written from the lab's key,
// password authentication, the lab's credentials. Shared by integration tests and the benchmark.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPairConnector, KnownHostsFile, type AsaPairConnector } from '../../src/asa';
import type { CommandRecord } from '../../src/core/ports';
import { Redactor } from '../../src/core/redact';
import type { LabPair } from '../../src/lab';

export interface LabConnection {
  connector: AsaPairConnector;
  redactor: Redactor;
  knownHostsPath: string;
  close(): Promise<void>;
}

export function connectToLab(
  lab: LabPair,
  options: { standby?: boolean; onCommand?: (r: CommandRecord) => void; commandMs?: number } = {},
): LabConnection {
  const dir = mkdtempSync(join(tmpdir(), 'asa-lab-known-'));
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, lab.knownHostsLines());
  const redactor = new Redactor();
  const { password, enablePassword } = lab.credentials;
  redactor.add(password);
  redactor.add(enablePassword);
  const connector = createPairConnector({
    active: lab.activeEndpoint,
    standby: options.standby === false ? undefined : lab.standbyEndpoint,
    username: lab.credentials.username,
    auth: { method: 'password' },
    credentials: async () => ({ password, enablePassword }),
    hostKeys: KnownHostsFile.verifier(knownHostsPath, { acceptNew: false }),
    timeouts: options.commandMs ? { commandMs: options.commandMs } : undefined,
    onCommand: options.onCommand,
    redactor,
  });
  return {
    connector,
    redactor,
    knownHostsPath,
    close: async () => {
      await connector.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
