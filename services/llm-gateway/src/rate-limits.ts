import type { KV } from '@nats-io/kv';
import type { LlmConfig } from '@scrai/contracts';
import { LlmError, abortedError } from '@scrai/llm';
import { createModelRateLimiter, type ModelRateLimiter } from '@scrai/llm-limits';

/** Waits for a model's shared rate limits before one provider attempt. */
export interface RateLimits {
  acquire(o: { provider: string; model: string; tokens: number; signal?: AbortSignal }): Promise<void>;
}

/** Does the config set any requests- or tokens-per-minute limit (and so need the KV bucket)? */
export const hasRateLimits = (config: LlmConfig): boolean =>
  Object.values(config.limits).some((l) => l.requests_per_minute !== undefined || l.tokens_per_minute !== undefined);

export const NO_RATE_LIMITS: RateLimits = { acquire: async () => undefined };

/**
 * The config's rpm/tpm limits as KV token buckets shared by every replica (one limiter per model,
 * made on first use, over the one bucket opened at boot). Aborting the call ends the wait with an
 * `aborted` error; a broker failure is a retryable `limits_unavailable` (no provider was called).
 */
export function kvRateLimits(kv: KV, config: LlmConfig, waited?: (provider: string, model: string, seconds: number) => void): RateLimits {
  const limiters = new Map<string, ModelRateLimiter>();
  return {
    async acquire({ provider, model, tokens, signal }) {
      const key = `${provider}/${model}`;
      let limiter = limiters.get(key);
      if (!limiter) limiters.set(key, (limiter = createModelRateLimiter({ kv, config, provider, model })));
      const t0 = performance.now();
      try {
        await limiter.acquire({ tokens, signal });
        waited?.(provider, model, (performance.now() - t0) / 1000);
      } catch (e) {
        if (signal?.aborted) throw abortedError(signal.reason);
        throw new LlmError('limits_unavailable', `rate limits of ${key} could not be checked: ${e instanceof Error ? e.message : String(e)}`, {
          retryable: true,
          cause: e,
        });
      }
    },
  };
}
