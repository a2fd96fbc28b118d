import type { KV } from '@nats-io/kv';
import { limitsOf, type LlmConfig, type LlmLimit } from '@scrai/contracts';
import { createKvTokenBucket, type KvTokenBucket, type KvTokenBucketOptions } from './kv-token-bucket.js';
import { limitKey, type LimitUnit } from './limit-key.js';
import { perMinuteShape } from './per-minute-shape.js';

export interface ModelRateLimiterOptions {
  kv: KV;
  config: LlmConfig;
  provider: string;
  model: string;
  /** Share of each per-minute limit that may be spent at once; see perMinuteShape. */
  burstFraction?: number;
  clock?: KvTokenBucketOptions['clock'];
  sleep?: KvTokenBucketOptions['sleep'];
}

export interface ModelRateLimiter {
  /** The buckets this model's calls pass, provider-wide first (empty: no rate limits configured). */
  readonly buckets: ReadonlyArray<{ bucket: KvTokenBucket; unit: LimitUnit }>;
  /**
   * Waits until one more request and `tokens` more tokens (the request's estimate: input plus
   * max_tokens) fit every configured limit of the provider and of the model, then takes them.
   */
  acquire(o: { tokens: number; signal?: AbortSignal }): Promise<void>;
}

/**
 * The requests-per-minute and tokens-per-minute limits of one model as KV token buckets, shared by
 * every gateway replica. The buckets are taken one after the other, not atomically: a request
 * waiting for tokens already holds its request slot, which errs on the side of fewer calls.
 */
export function createModelRateLimiter(o: ModelRateLimiterOptions): ModelRateLimiter {
  const scopes: Array<{ scope: { provider: string; model?: string }; limit: LlmLimit | undefined }> = [
    { scope: { provider: o.provider }, limit: limitsOf(o.config, o.provider, o.model).provider },
    { scope: { provider: o.provider, model: o.model }, limit: limitsOf(o.config, o.provider, o.model).model },
  ];
  const buckets: Array<{ bucket: KvTokenBucket; unit: LimitUnit }> = [];
  for (const { scope, limit } of scopes) {
    for (const [unit, perMinute] of [['rpm', limit?.requests_per_minute], ['tpm', limit?.tokens_per_minute]] as const) {
      if (perMinute === undefined) continue;
      const shape = perMinuteShape(perMinute, o.burstFraction);
      buckets.push({ unit, bucket: createKvTokenBucket({ kv: o.kv, key: limitKey(scope, unit), ...shape, clock: o.clock, sleep: o.sleep }) });
    }
  }
  return {
    buckets,
    async acquire({ tokens, signal }) {
      for (const { bucket, unit } of buckets) await bucket.acquire(unit === 'rpm' ? 1 : Math.max(1, Math.ceil(tokens)), { signal });
    },
  };
}
