import type { KV } from '@nats-io/kv';
import { abortableWait } from './abortable-wait.js';
import { fullBucket, takeTokens, type BucketShape, type BucketState } from './bucket-state.js';
import { isCasConflict } from './cas-conflict.js';

export interface KvTokenBucketOptions extends BucketShape {
  kv: KV;
  /** One key per limit, shared by every replica (see limitKey). */
  key: string;
  /** Epoch ms; replicas' clocks should agree to a few ms (NTP). */
  clock?: () => number;
  /** Waits in acquire(); tests may pass a fake. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1): spreads the retries of replicas that were told the same wait. */
  random?: () => number;
  /** Lost compare-and-set races in one take() before it gives up with an error. Default 100. */
  maxCasRetries?: number;
}

export type TakeResult = { ok: true } | { ok: false; waitMs: number };

export interface KvTokenBucketStats {
  granted: number;
  denied: number;
  /** Writes that lost a compare-and-set race and were retried. */
  casConflicts: number;
}

export interface KvTokenBucket {
  readonly key: string;
  /** Takes `n` tokens now, or says how long until they could be there. One KV read, and one write if granted. */
  take(n?: number): Promise<TakeResult>;
  /** Takes `n` tokens, waiting as long as it takes; rejects when the signal fires. */
  acquire(n?: number, o?: { signal?: AbortSignal }): Promise<void>;
  stats(): KvTokenBucketStats;
}

function decode(bytes: Uint8Array): BucketState | null {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as Partial<BucketState>;
    return typeof v.tokens === 'number' && typeof v.ts === 'number' ? { tokens: v.tokens, ts: v.ts } : null;
  } catch {
    return null;
  }
}

/**
 * A token bucket kept in NATS KV and shared by every process that opens the same key: read the
 * state `{tokens, ts}`, refill it by the time elapsed, and write it back only if nobody wrote in
 * between (`update(key, next, revision)`); a lost race ("wrong last sequence") reads again. A key
 * that does not exist yet is a full bucket, written with `create`. Denied takes write nothing. After a
 * lost race the writer backs off a random 0–50 ms (growing with consecutive losses) before reading
 * again, so contending replicas spread out instead of colliding on every round.
 */
export function createKvTokenBucket(o: KvTokenBucketOptions): KvTokenBucket {
  if (!(o.capacity > 0) || !(o.refillPerSecond > 0)) throw new Error(`bucket ${o.key}: capacity and refillPerSecond must be positive`);
  const clock = o.clock ?? Date.now;
  const sleep = o.sleep ?? abortableWait;
  const random = o.random ?? Math.random;
  const maxCasRetries = o.maxCasRetries ?? 100;
  const stats: KvTokenBucketStats = { granted: 0, denied: 0, casConflicts: 0 };

  async function take(n = 1): Promise<TakeResult> {
    for (let conflicts = 0; ; conflicts++) {
      const entry = await o.kv.get(o.key);
      const live = entry !== null && entry.operation === 'PUT';
      const now = clock();
      const state = (live ? decode(entry.value) : null) ?? fullBucket(o, now);
      const outcome = takeTokens(state, n, o, now);
      if (!outcome.ok) {
        stats.denied++;
        return outcome;
      }
      const value = JSON.stringify(outcome.next);
      try {
        if (live) await o.kv.update(o.key, value, entry.revision);
        else await o.kv.create(o.key, value);
        stats.granted++;
        return { ok: true };
      } catch (e) {
        if (!isCasConflict(e)) throw e;
        stats.casConflicts++;
        if (conflicts >= maxCasRetries) throw new Error(`bucket ${o.key}: lost ${conflicts + 1} compare-and-set races in a row`, { cause: e });
        // Back off a random few ms (growing) so the same writers do not collide again at once.
        await sleep(Math.floor(random() * Math.min(50, 2 ** Math.min(conflicts, 6))));
      }
    }
  }

  return {
    key: o.key,
    take,
    async acquire(n = 1, a = {}) {
      for (;;) {
        if (a.signal?.aborted) throw a.signal.reason ?? new Error('aborted');
        const r = await take(n);
        if (r.ok) return;
        await sleep(Math.ceil(r.waitMs * (1 + 0.1 * random())), a.signal);
      }
    },
    stats: () => ({ ...stats }),
  };
}
