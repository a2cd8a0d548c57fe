// "Upgrade Pairs..." asks one ASA image per platform family among the selected pairs: pairs whose units boot
// the same image families (ASAv and the 5525-X both boot smp .bin images) share one image; a pair whose
// model is not known gets a question of its own rather than a guess.

import { platformOf } from '../core/compat';
import type { PairStatus } from '../core/model';

export interface FamilyGroup {
  /** The families the group's units boot (e.g. `smp`), or `model:NAME` / `unknown`. */
  key: string;
  /** How the image question names the group: "ASAv, ASA 5525-X/5545-X/5555-X". */
  title: string;
  /** Pair names, in the order selected. */
  pairs: string[];
}

export function familyGroups(pairs: Array<{ name: string; status: PairStatus }>): FamilyGroup[] {
  const groups = new Map<string, { platforms: Set<string>; pairs: string[] }>();
  for (const p of pairs) {
    const model = p.status.units.find((u) => u.model)?.model;
    const platform = platformOf(model);
    const key = !platform ? (model ? `model:${model}` : 'unknown') : platform.families.length ? [...platform.families].sort().join('+') : `model:${platform.name}`;
    const g = groups.get(key) ?? { platforms: new Set<string>(), pairs: [] };
    g.platforms.add(platform?.name ?? (model ? `${model} (not in the compatibility data)` : 'model not reported'));
    g.pairs.push(p.name);
    groups.set(key, g);
  }
  return [...groups].map(([key, g]) => ({ key, title: [...g.platforms].join(', '), pairs: g.pairs }));
}
