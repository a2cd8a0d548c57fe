// Which platform a unit is (from the model `show version` prints) and which family an image file is.

import { IMAGE_FAMILIES, PLATFORMS, type FamilyRow, type ImageFamily, type PlatformRow } from './data';

/** The platform row for a model such as `ASA5516`, `ASAv10`, `FPR-2130`, `ISA-3000-2C2F`; undefined when unknown. */
export function platformOf(model: string | undefined): PlatformRow | undefined {
  if (!model) return undefined;
  const m = model.trim();
  return PLATFORMS.find((p) => p.model.test(m));
}

/** The family of an ASA image file name (`asa9-16-3-19-lfbff-k8.SPA` -> lfbff); undefined when no family matches. */
export function imageFamilyOf(fileName: string): FamilyRow | undefined {
  return IMAGE_FAMILIES.find((f) => f.pattern.test(fileName));
}

export function familyRow(family: ImageFamily): FamilyRow {
  return IMAGE_FAMILIES.find((f) => f.family === family)!;
}

export function familyTitle(family: ImageFamily): string {
  return familyRow(family).title;
}

/** "an lfbff .SPA image (like asa9-16-3-19-lfbff-k8.SPA)" or "an smp .bin image or a k8 .bin image". */
export function familiesWanted(platform: PlatformRow): string {
  return platform.families.map((f) => `${article(familyTitle(f))} (like ${familyRow(f).example})`).join(' or ');
}

/** "an lfbff ..." / "an smp ..." (read letter by letter) / "a k8 ..." / "a Firepower ...". */
export function article(phrase: string): string {
  return /^(lfbff|smp|a|e|i|o|u)/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}
