/** What a token bucket stores: tokens left (may be negative after an oversized take) at time `ts` (epoch ms). */
export interface BucketState {
  tokens: number;
  ts: number;
}

export interface BucketShape {
  /** Most tokens the bucket holds (the burst). */
  capacity: number;
  /** Tokens added per second, up to the capacity. */
  refillPerSecond: number;
}

export type TakeOutcome = { ok: true; next: BucketState } | { ok: false; waitMs: number };

/** The state at `now`: refilled by the time elapsed since `ts` (none if a writer's clock was ahead). */
export function refill(s: BucketState, shape: BucketShape, now: number): BucketState {
  const elapsedMs = Math.max(0, now - s.ts);
  return { tokens: Math.min(shape.capacity, s.tokens + (shape.refillPerSecond * elapsedMs) / 1000), ts: Math.max(s.ts, now) };
}

/**
 * Takes `n` tokens at `now`, or says how long until it could. A take larger than the capacity is
 * granted once the bucket is full and leaves it in debt, so the long-run rate still holds.
 */
export function takeTokens(s: BucketState, n: number, shape: BucketShape, now: number): TakeOutcome {
  const r = refill(s, shape, now);
  const need = Math.min(n, shape.capacity);
  if (r.tokens >= need) return { ok: true, next: { tokens: r.tokens - n, ts: r.ts } };
  return { ok: false, waitMs: Math.max(1, Math.ceil(((need - r.tokens) * 1000) / shape.refillPerSecond)) };
}

export const fullBucket = (shape: BucketShape, now: number): BucketState => ({ tokens: shape.capacity, ts: now });
