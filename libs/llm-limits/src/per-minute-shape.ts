import type { BucketShape } from './bucket-state.js';

/** Share of a per-minute limit that may be spent at once (the burst). */
export const DEFAULT_BURST_FRACTION = 0.1;

/**
 * A bucket for "at most `perMinute` in any 60 seconds". A token bucket grants at most
 * `capacity + rate·60 s` in a 60-second window, so the rate is `(perMinute − capacity) / 60`:
 * no window sees more than the limit, at the price of a long-run rate `burst` below it.
 * Limits of 1 per minute get capacity 1 and rate 1/60 (two calls can then fall in one window).
 */
export function perMinuteShape(perMinute: number, burstFraction = DEFAULT_BURST_FRACTION): BucketShape {
  if (!(perMinute >= 1)) throw new Error(`a per-minute limit must be at least 1 (got ${perMinute})`);
  const capacity = Math.max(1, Math.floor(perMinute * burstFraction));
  const refillPerMinute = perMinute > capacity ? perMinute - capacity : perMinute;
  return { capacity, refillPerSecond: refillPerMinute / 60 };
}
