const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Whether two JSON-shaped values serialize to the same JSON text: same keys in the same order, same
 * items, same primitives. Conservative: whatever it cannot vouch for (a class instance, NaN) is
 * unequal, which only costs sharing, never correctness. Cheaper than comparing JSON.stringify
 * outputs: nothing is allocated and the first difference ends the walk.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Whether `value` as JSON is at least about `min` characters; walks only until it knows. */
export function jsonAtLeast(value: unknown, min: number): boolean {
  let size = 0;
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') size += v.length + 2;
    else if (v === null || typeof v !== 'object') size += 4;
    else if (Array.isArray(v)) {
      size += 2;
      for (const x of v) if (walk(x)) return true;
    } else {
      size += 2;
      for (const [k, x] of Object.entries(v)) {
        size += k.length + 4;
        if (walk(x)) return true;
      }
    }
    return size >= min;
  };
  return walk(value);
}
