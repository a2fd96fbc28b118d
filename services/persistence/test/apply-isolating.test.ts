import { describe, expect, it } from '@jest/globals';
import { applyIsolating } from '../src/apply-isolating.js';

class DataError extends Error {}
const isDataError = (e: unknown) => e instanceof DataError;

describe('applyIsolating', () => {
  it('applies a clean batch in one call', async () => {
    const calls: number[][] = [];
    const r = await applyIsolating([1, 2, 3], async (xs) => void calls.push(xs), isDataError);
    expect(calls).toEqual([[1, 2, 3]]);
    expect(r).toEqual({ applied: [1, 2, 3], rejected: [], retry: null });
  });

  it('isolates the items the database refuses and applies the rest', async () => {
    const poison = new Set([3, 6]);
    const stored: number[] = [];
    const r = await applyIsolating(
      [1, 2, 3, 4, 5, 6, 7, 8],
      async (xs) => {
        if (xs.some((x) => poison.has(x))) throw new DataError('bad value');
        stored.push(...xs);
      },
      isDataError,
    );
    expect(r.rejected.map((x) => x.item)).toEqual([3, 6]);
    expect(r.applied.sort()).toEqual([1, 2, 4, 5, 7, 8]);
    expect(stored.sort()).toEqual([1, 2, 4, 5, 7, 8]);
    expect(r.retry).toBeNull();
  });

  it('hands every unapplied item back for a retry when the database itself fails', async () => {
    let calls = 0;
    const r = await applyIsolating(
      [1, 2, 3, 4],
      async (xs) => {
        calls++;
        if (xs.includes(4)) throw new DataError('bad');
        if (calls > 1) throw new Error('connection lost');
      },
      isDataError,
    );
    expect(r.applied).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.retry?.items.sort()).toEqual([1, 2, 3, 4]);
    expect((r.retry?.error as Error).message).toBe('connection lost');
  });

  it('does nothing for an empty batch', async () => {
    const r = await applyIsolating([], async () => {
      throw new Error('not called');
    }, isDataError);
    expect(r).toEqual({ applied: [], rejected: [], retry: null });
  });
});
