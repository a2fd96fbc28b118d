import { describe, expect, it } from '@jest/globals';
import { KeyedBatcher } from '../src/keyed-batcher.js';

/** A handler whose batches the test releases one at a time. */
function gatedHandler() {
  const batches: Array<{ key: string; items: number[]; release(error?: Error): void }> = [];
  const handle = (key: string, items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({ key, items, release: (error) => (error ? reject(error) : resolve(items.map((i) => `${key}:${i}`))) });
    });
  return { batches, handle };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedBatcher', () => {
  it('starts an idle key at once and batches what waits behind it, in order, up to the bound', async () => {
    const g = gatedHandler();
    const b = new KeyedBatcher(3, g.handle);
    const first = b.submit('run', 1);
    expect(g.batches.map((x) => x.items)).toEqual([[1]]); // no waiting for company
    const rest = [2, 3, 4, 5, 6].map((i) => b.submit('run', i));
    await tick();
    expect(g.batches).toHaveLength(1); // one batch of a key at a time
    g.batches[0]!.release();
    expect(await first).toBe('run:1');
    await tick();
    expect(g.batches.map((x) => x.items)).toEqual([[1], [2, 3, 4]]);
    g.batches[1]!.release();
    await tick();
    expect(g.batches.map((x) => x.items)).toEqual([[1], [2, 3, 4], [5, 6]]);
    g.batches[2]!.release();
    expect(await Promise.all(rest)).toEqual(['run:2', 'run:3', 'run:4', 'run:5', 'run:6']);
    expect(b.activeKeys).toBe(0);
  });

  it('runs keys concurrently', async () => {
    const g = gatedHandler();
    const b = new KeyedBatcher(10, g.handle);
    const a = b.submit('a', 1);
    const c = b.submit('b', 1);
    expect(g.batches.map((x) => x.key)).toEqual(['a', 'b']);
    g.batches[1]!.release();
    expect(await c).toBe('b:1');
    g.batches[0]!.release();
    expect(await a).toBe('a:1');
  });

  it('fails every item of a batch that throws, and goes on with the next batch', async () => {
    const g = gatedHandler();
    const b = new KeyedBatcher(10, g.handle);
    const first = b.submit('run', 1);
    const second = b.submit('run', 2);
    const third = b.submit('run', 3);
    g.batches[0]!.release();
    await first;
    await tick();
    g.batches[1]!.release(new Error('broker gone'));
    await expect(second).rejects.toThrow('broker gone');
    await expect(third).rejects.toThrow('broker gone');
    const fourth = b.submit('run', 4);
    g.batches[2]!.release();
    expect(await fourth).toBe('run:4');
  });

  it('refuses a bound below one', () => {
    expect(() => new KeyedBatcher(0, async () => [])).toThrow(/positive integer/);
  });
});
