import type { LlmCallRecord } from '@scrai/contracts';
import { counter, histogram, type Registry } from '@scrai/observability';

/** Prometheus counters of the gateway's calls, fed from each call's usage record (the same numbers Postgres stores). */
export interface LlmCallMetrics {
  observe(rec: LlmCallRecord): void;
}

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Calls by provider, model, status and whether the cache answered; provider attempts; tokens in and
 * out; cost in USD (models with a price); call latency. Per replica: sum across instances.
 */
export function createLlmCallMetrics(registry: Registry): LlmCallMetrics {
  const calls = counter(registry, 'scrai_llm_gateway_calls_total', 'LLM calls answered, by provider, model, status and cache hit.', ['provider', 'model', 'status', 'cached']);
  const attempts = counter(registry, 'scrai_llm_gateway_attempts_total', 'Provider attempts made (retries included; 0 for cache hits).', ['provider', 'model']);
  const tokens = counter(registry, 'scrai_llm_gateway_tokens_total', 'Tokens of answered calls, by direction.', ['provider', 'model', 'direction']);
  const cost = counter(registry, 'scrai_llm_gateway_cost_usd_total', 'Cost of provider calls in USD (models with configured prices).', ['provider', 'model']);
  const latency = histogram(registry, 'scrai_llm_gateway_call_seconds', 'Latency of a call through the gateway (limits, retries and cache included).', ['provider', 'model', 'cached'], LATENCY_BUCKETS);
  return {
    observe(rec) {
      const pm = { provider: rec.provider, model: rec.model };
      calls.inc({ ...pm, status: rec.status, cached: String(rec.cached) });
      if (rec.attempts) attempts.inc(pm, rec.attempts);
      if (rec.tokens_in) tokens.inc({ ...pm, direction: 'in' }, rec.tokens_in);
      if (rec.tokens_out) tokens.inc({ ...pm, direction: 'out' }, rec.tokens_out);
      if (rec.cost_usd) cost.inc(pm, rec.cost_usd);
      latency.observe({ ...pm, cached: String(rec.cached) }, rec.latency_ms / 1000);
    },
  };
}

/** Time spent waiting for the shared rate limits before provider attempts. */
export function rateLimitWaitHistogram(registry: Registry) {
  return histogram(registry, 'scrai_llm_rate_limit_wait_seconds', 'Wait for the shared requests/tokens-per-minute buckets before an attempt.', ['provider', 'model'], [0, 0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60]);
}
