// One way to turn anything thrown into a message for the user (typed errors already name the problem and
// what to do; anything else gets a plain fallback).

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
