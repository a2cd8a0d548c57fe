import { pairNameOf } from '../pickers/pair-pick';
import type { Services } from '../services';

/** Refreshes one pair (node or name) or all; prompts (credentials, host key) are allowed since the user asked. */
export async function refresh(s: Services, target?: unknown): Promise<void> {
  const name = pairNameOf(target);
  if (name) await s.refresher.refresh(name, { interactive: true });
  else await s.refresher.refreshAll({ interactive: true });
}
