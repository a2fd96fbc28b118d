/**
 * A deliberately small JSON Schema (2020-12) checker for the keywords the output schemas use, so the
 * tests can show that what the model is told matches what parseTaskOutput accepts. Unknown keywords
 * are reported: a schema using one would need a real validator.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'enum', 'anyOf',
  'items', 'minLength', 'maxLength', 'maxItems', 'default',
]);
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);

export function unknownKeywords(s: unknown, path = '#'): string[] {
  if (typeof s !== 'object' || s === null) return [`${path}: not a schema object`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (!KNOWN.has(k)) out.push(`${path}/${k}`);
    if (k === 'type') for (const t of [v].flat()) if (!TYPES.has(t as string)) out.push(`${path}/type: ${String(t)}`);
    if (k === 'properties') for (const [p, sub] of Object.entries(v as Schema)) out.push(...unknownKeywords(sub, `${path}/properties/${p}`));
    if (k === 'anyOf') (v as unknown[]).forEach((sub, i) => out.push(...unknownKeywords(sub, `${path}/anyOf/${i}`)));
    if ((k === 'items' || k === 'propertyNames' || k === 'additionalProperties') && typeof v === 'object') out.push(...unknownKeywords(v, `${path}/${k}`));
    if (k === 'required') for (const r of v as string[]) if (!((s as Schema).properties as Schema | undefined)?.[r]) out.push(`${path}/required: ${r} is not a property`);
  }
  return out;
}

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

export function conforms(s: Schema, v: unknown): boolean {
  if (s.anyOf) return (s.anyOf as Schema[]).some((sub) => conforms(sub, v));
  if (s.enum && !(s.enum as unknown[]).includes(v)) return false;
  if (s.type) {
    const t = typeOf(v);
    const allowed = [s.type].flat() as string[];
    if (!allowed.includes(t) && !(t === 'integer' && allowed.includes('number'))) return false;
  }
  if (typeof v === 'string') {
    if (typeof s.minLength === 'number' && v.length < s.minLength) return false;
    if (typeof s.maxLength === 'number' && v.length > s.maxLength) return false;
  }
  if (Array.isArray(v)) {
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) return false;
    if (s.items && !v.every((x) => conforms(s.items as Schema, x))) return false;
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in o)) return false;
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) {
        if (!conforms(props[k], x)) return false;
      } else if (s.additionalProperties === false) return false;
      else if (typeof s.additionalProperties === 'object' && !conforms(s.additionalProperties as Schema, x)) return false;
    }
  }
  return true;
}
