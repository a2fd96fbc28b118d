import type { Rng } from './prng.js';

/** How long the mock provider takes to answer; drawn from the request's own PRNG, so deterministic too. */
export type LatencySpec =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; stddev: number };

export const NO_LATENCY: LatencySpec = { kind: 'fixed', ms: 0 };

const FORMS = '"0", "<ms>", "fixed:<ms>", "uniform:<min>-<max>" or "normal:<mean>,<stddev>" (milliseconds)';

const num = (s: string | undefined, whole: string): number => {
  const t = (s ?? '').trim();
  if (!/^\d+(\.\d+)?$/.test(t)) throw new Error(`invalid latency spec "${whole}": "${t}" is not a non-negative number; use ${FORMS}`);
  return Number(t);
};

/** Parses a latency spec as written in the environment (e.g. SCRAI_MOCK_LATENCY). Throws a readable error. */
export function parseLatencySpec(text: string): LatencySpec {
  const whole = text.trim();
  if (whole === '') throw new Error(`invalid latency spec "": use ${FORMS}`);
  const colon = whole.indexOf(':');
  if (colon < 0) return { kind: 'fixed', ms: num(whole, whole) };
  const kind = whole.slice(0, colon).trim().toLowerCase();
  const rest = whole.slice(colon + 1);
  switch (kind) {
    case 'fixed':
      return { kind: 'fixed', ms: num(rest, whole) };
    case 'uniform': {
      const [a, b, extra] = rest.split('-');
      if (extra !== undefined || b === undefined) throw new Error(`invalid latency spec "${whole}": uniform takes "<min>-<max>"`);
      const min = num(a, whole);
      const max = num(b, whole);
      if (max < min) throw new Error(`invalid latency spec "${whole}": max (${max}) is below min (${min})`);
      return { kind: 'uniform', min, max };
    }
    case 'normal': {
      const [a, b, extra] = rest.split(',');
      if (extra !== undefined || b === undefined) throw new Error(`invalid latency spec "${whole}": normal takes "<mean>,<stddev>"`);
      return { kind: 'normal', mean: num(a, whole), stddev: num(b, whole) };
    }
    default:
      throw new Error(`invalid latency spec "${whole}": unknown kind "${kind}"; use ${FORMS}`);
  }
}

export function formatLatencySpec(s: LatencySpec): string {
  switch (s.kind) {
    case 'fixed':
      return `fixed:${s.ms}`;
    case 'uniform':
      return `uniform:${s.min}-${s.max}`;
    case 'normal':
      return `normal:${s.mean},${s.stddev}`;
  }
}

/** One draw, in whole milliseconds, never negative. */
export function drawLatencyMs(s: LatencySpec, rng: Rng): number {
  switch (s.kind) {
    case 'fixed':
      return Math.round(s.ms);
    case 'uniform':
      return Math.round(rng.between(s.min, s.max));
    case 'normal':
      return Math.max(0, Math.round(s.mean + s.stddev * rng.normal()));
  }
}
