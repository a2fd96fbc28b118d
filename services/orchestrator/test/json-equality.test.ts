import { describe, expect, it } from '@jest/globals';
import { jsonAtLeast, sameJson } from '../src/json-equality.js';

describe('sameJson (equal exactly when JSON.stringify is)', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ a: 1, b: [1, 'x', null] }, { a: 1, b: [1, 'x', null] }],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }], // same content, other key order: other JSON
    [[1, 2], [1, 2, 3]],
    [{ a: [] }, { a: {} }],
    ['long string', 'long string'],
    [{ a: { b: { c: 'd' } } }, { a: { b: { c: 'e' } } }],
  ];
  it.each(cases)('%j vs %j', (a, b) => {
    expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
  });

  it('never vouches for what it cannot see into (it may only miss a sharing, never invent one)', () => {
    expect(sameJson(new Date(0), new Date(1))).toBe(false);
    expect(sameJson({ a: Number.NaN }, { a: Number.NaN })).toBe(false);
  });
});

describe('jsonAtLeast', () => {
  it('tells small values from large ones without serializing them', () => {
    expect(jsonAtLeast({ turns: 3, round: 1 }, 64)).toBe(false);
    expect(jsonAtLeast('x'.repeat(70), 64)).toBe(true);
    expect(jsonAtLeast(Array.from({ length: 1000 }, (_, i) => ({ id: i })), 64)).toBe(true);
  });
});
