import type { SchemaNode } from './json-schema-node.js';

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** Cuts or pads a string to the node's minLength/maxLength (cuts at a word boundary when it can). */
export function fitString(text: string, node: SchemaNode, padding: string): string {
  const max = num(node.maxLength);
  const min = num(node.minLength) ?? 0;
  let s = text;
  while ([...s].length < min) s = s === '' ? padding : `${s} ${padding}`;
  if (max !== undefined && [...s].length > max) {
    const chars = [...s].slice(0, max);
    const cut = chars.join('');
    const space = cut.lastIndexOf(' ');
    s = space >= Math.max(min, max * 0.6) ? cut.slice(0, space) : cut;
  }
  return s;
}

/** Moves a number inside the node's bounds; integers are rounded, multipleOf respected where it can be. */
export function fitNumber(value: number, node: SchemaNode, integer: boolean): number {
  let lo = num(node.minimum) ?? -Infinity;
  let hi = num(node.maximum) ?? Infinity;
  const step = integer ? 1 : 1e-6;
  const exMin = node.exclusiveMinimum;
  const exMax = node.exclusiveMaximum;
  if (typeof exMin === 'number') lo = Math.max(lo, exMin + step);
  else if (exMin === true) lo += step;
  if (typeof exMax === 'number') hi = Math.min(hi, exMax - step);
  else if (exMax === true) hi -= step;
  let v = Math.min(hi, Math.max(lo, value));
  if (integer) {
    v = Math.round(v);
    if (v < lo) v = Math.ceil(lo);
    if (v > hi) v = Math.floor(hi);
  }
  const mult = num(node.multipleOf);
  if (mult && mult > 0) {
    const m = Math.round(v / mult) * mult;
    if (m >= lo && m <= hi) v = m;
    else if (Math.ceil(lo / mult) * mult <= hi) v = Math.ceil(lo / mult) * mult;
  }
  return v;
}

/** Deterministic values for the common string formats. */
export function formattedString(format: string, key: string, self: string): string | undefined {
  const hex = key.padEnd(32, '0').slice(0, 32);
  switch (format) {
    case 'uuid':
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    case 'date-time':
      return '2025-01-01T12:00:00.000Z';
    case 'date':
      return '2025-01-01';
    case 'time':
      return '12:00:00';
    case 'email':
      return `${self.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '') || 'agent'}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${hex.slice(0, 8)}`;
    default:
      return undefined;
  }
}
