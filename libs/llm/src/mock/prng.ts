import { hash128 } from './string-hash.js';

/** A seeded pseudo-random source. Same seed, same sequence: the mock's only source of variety. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** k distinct items in random order (fewer if there are fewer). */
  sample<T>(items: readonly T[], k: number): T[];
  /** Standard normal (Box-Muller). */
  normal(): number;
}

/** sfc32 (Small Fast Counting), 128-bit state; passes PractRand for far longer than the mock needs. */
export function sfc32(a: number, b: number, c: number, d: number): Rng {
  const raw = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) raw();
  const rng: Rng = {
    next: raw,
    int: (n) => Math.floor(raw() * n),
    between: (min, max) => min + raw() * (max - min),
    chance: (p) => raw() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(raw() * items.length)]!;
    },
    sample: (items, k) => {
      const pool = [...items];
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(raw() * (i + 1));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      return pool.slice(0, Math.max(0, k));
    },
    normal: () => {
      const u = 1 - raw();
      const v = raw();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
  return rng;
}

/** An independent stream for one purpose (`label`) derived from a request's key. */
export function rngFor(key: string, label: string): Rng {
  const [a, b, c, d] = hash128(`${label}\u0000${key}`);
  return sfc32(a, b, c, d);
}
