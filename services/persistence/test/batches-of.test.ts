import { describe, expect, it } from '@jest/globals';
import { batchesOf } from '../src/batches-of.js';

/** An async source the test feeds by hand. */
function channel<T>() {
  const items: T[] = [];
  const waiters: Array<(r: IteratorResult<T>) => void> = [];
  let closed = false;
  return {
    push(x: T) {
      const w = waiters.shift();
      if (w) w({ value: x, done: false });
      else items.push(x);
    },
    close() {
      closed = true;
      for (const w of waiters.splice(0)) w({ value: undefined, done: true });
    },
    [Symbol.asyncIterator](): AsyncIterator<T> {
      return {
        next: () => {
          if (items.length) return Promise.resolve({ value: items.shift()!, done: false });
          if (closed) return Promise.resolve({ value: undefined, done: true });
          return new Promise((r) => waiters.push(r));
        },
      };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('batchesOf', () => {
  it('drains a backlog in full batches', async () => {
    const src = channel<number>();
    for (let i = 1; i <= 7; i++) src.push(i);
    src.close();
    const out: number[][] = [];
    for await (const b of batchesOf(src, 3, 50)) out.push(b);
    expect(out).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('sends a partial batch once the linger after its first item is over', async () => {
    const src = channel<number>();
    const it = batchesOf(src, 100, 30)[Symbol.asyncIterator]();
    const first = it.next();
    src.push(1);
    src.push(2);
    const started = Date.now();
    expect((await first).value).toEqual([1, 2]);
    expect(Date.now() - started).toBeLessThan(1000);
    const second = it.next();
    await sleep(60); // an idle source produces no empty batch
    src.push(3);
    expect((await second).value).toEqual([3]);
    src.close();
    expect((await it.next()).done).toBe(true);
  });

  it('keeps an item that arrives after the linger for the next batch', async () => {
    const src = channel<number>();
    const it = batchesOf(src, 10, 20)[Symbol.asyncIterator]();
    src.push(1);
    const b1 = await it.next();
    src.push(2);
    src.close();
    const b2 = await it.next();
    expect([b1.value, b2.value]).toEqual([[1], [2]]);
  });
});
