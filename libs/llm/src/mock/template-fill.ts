import type { Rng } from './prng.js';

/** Values a sentence template may refer to as {name}; a missing or empty value makes a template ineligible. */
export type Slots = Record<string, string | null | undefined>;

const SLOT = /\{([a-zA-Z_]+)\}/g;

const slotsOf = (template: string): string[] => [...template.matchAll(SLOT)].map((m) => m[1]!);

/** Upper-cases the first letter; templates say {Goal} to get a sentence-initial goal. */
const capitalize = (s: string) => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

function valueOf(name: string, slots: Slots): string | null {
  const direct = slots[name];
  if (direct) return direct;
  const lower = name[0]!.toLowerCase() + name.slice(1);
  const v = lower !== name ? slots[lower] : undefined;
  return v ? capitalize(v) : null;
}

export function canFill(template: string, slots: Slots): boolean {
  return slotsOf(template).every((n) => valueOf(n, slots) !== null);
}

export function fill(template: string, slots: Slots): string {
  return template.replace(SLOT, (_, n: string) => valueOf(n, slots) ?? '');
}

/** A random template of the bank whose slots are all available, filled; null when none fits. */
export function pickFilled(rng: Rng, bank: readonly string[], slots: Slots): string | null {
  const ok = bank.filter((t) => canFill(t, slots));
  return ok.length === 0 ? null : fill(rng.pick(ok), slots);
}
