import { describe, expect, it } from '@jest/globals';
import { startWriteLanes } from '../src/write-lanes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A writer that records its batches and how many writes overlapped; each write takes `ms`. */
function recorder(ms: number) {
  const batches: string[][] = [];
  let running = 0;
  let peak = 0;
  return {
    batches,
    peak: () => peak,
    write: async (batch: string[]) => {
      running++;
      peak = Math.max(peak, running);
      batches.push(batch);
      await sleep(ms);
      running--;
    },
  };
}

const keyOf = (item: string) => item.split(':')[0]!;

describe('startWriteLanes', () => {
  it('writes every key in arrival order, one batch at a time per key, and keys in parallel', async () => {
    const r = recorder(15);
    const lanes = startWriteLanes({ lanes: 4, maxBatch: 5, lingerMs: 5, maxQueued: 1000, write: r.write });
    const keys = Array.from({ length: 16 }, (_, k) => `run${k}`);
    for (let seq = 1; seq <= 12; seq++) for (const k of keys) lanes.push(k, `${k}:${seq}`);
    await lanes.close();

    expect(r.batches.flat()).toHaveLength(16 * 12);
    expect(r.batches.every((b) => b.length <= 5)).toBe(true);
    for (const k of keys) {
      const seqs = r.batches.flat().filter((i) => keyOf(i) === k).map((i) => Number(i.split(':')[1]));
      expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    }
    expect(r.peak()).toBeGreaterThan(1);
    expect(r.peak()).toBeLessThanOrEqual(4);
  });

  it('never writes two batches holding the same key at the same time', async () => {
    const inFlight = new Set<string>();
    let clash = false;
    const lanes = startWriteLanes<string>({
      lanes: 3,
      maxBatch: 4,
      lingerMs: 1,
      maxQueued: 1000,
      write: async (batch) => {
        const keys = [...new Set(batch.map(keyOf))];
        if (keys.some((k) => inFlight.has(k))) clash = true;
        for (const k of keys) inFlight.add(k);
        await sleep(3);
        for (const k of keys) inFlight.delete(k);
      },
    });
    for (let i = 0; i < 300; i++) lanes.push(`k${i % 7}`, `k${i % 7}:${i}`);
    await lanes.close();
    expect(clash).toBe(false);
  });

  it('lets a lone item wait lingerMs for company, then writes it', async () => {
    const r = recorder(0);
    const lanes = startWriteLanes({ lanes: 1, maxBatch: 10, lingerMs: 300, maxQueued: 100, write: r.write });
    const t0 = Date.now();
    lanes.push('a', 'a:1');
    await sleep(5);
    lanes.push('a', 'a:2');
    expect(r.batches).toEqual([]);
    while (r.batches.length === 0 && Date.now() - t0 < 5_000) await sleep(10);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(r.batches).toEqual([['a:1', 'a:2']]);
    await lanes.close();
  });

  it('writes a full batch at once, without lingering', async () => {
    const r = recorder(0);
    const lanes = startWriteLanes({ lanes: 1, maxBatch: 3, lingerMs: 10_000, maxQueued: 100, write: r.write });
    for (const i of ['a:1', 'a:2', 'a:3', 'a:4']) lanes.push('a', i);
    await sleep(20);
    expect(r.batches).toEqual([['a:1', 'a:2', 'a:3']]);
    await lanes.close();
    expect(r.batches).toEqual([['a:1', 'a:2', 'a:3'], ['a:4']]);
  });

  it('asks the reader to wait while the queues are full, and lets it go on once a lane takes a batch', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const written: string[][] = [];
    const lanes = startWriteLanes<string>({
      lanes: 1,
      maxBatch: 2,
      lingerMs: 0,
      maxQueued: 3,
      write: async (b) => {
        written.push(b);
        await gate;
      },
    });
    expect(lanes.push('a', 'a:1')).toBe(true);
    await sleep(5); // the lane takes a:1 and blocks on the gate
    expect(lanes.push('a', 'a:2')).toBe(true);
    expect(lanes.push('a', 'a:3')).toBe(true);
    expect(lanes.push('a', 'a:4')).toBe(false);
    let roomy = false;
    const room = lanes.room().then(() => (roomy = true));
    await sleep(10);
    expect(roomy).toBe(false);
    release();
    await room;
    expect(roomy).toBe(true);
    await lanes.close();
    expect(written.flat()).toEqual(['a:1', 'a:2', 'a:3', 'a:4']);
  });

  it('keeps a lane going after a write fails', async () => {
    const written: string[] = [];
    const lanes = startWriteLanes<string>({
      lanes: 1,
      maxBatch: 1,
      lingerMs: 0,
      maxQueued: 10,
      write: async ([item]) => {
        if (item === 'a:1') throw new Error('boom');
        written.push(item!);
      },
    });
    lanes.push('a', 'a:1');
    lanes.push('a', 'a:2');
    await lanes.close();
    expect(written).toEqual(['a:2']);
  });
});
