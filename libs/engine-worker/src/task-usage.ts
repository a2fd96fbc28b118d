import type { LlmResult, TaskUsage } from '@scrai/contracts';

/**
 * Usage of a task across its attempts (repairs included): tokens and latency add up, the model is the
 * last one that answered, and the task counts as cached only if every answer came from the cache.
 */
export function addUsage(acc: TaskUsage | null, r: LlmResult): TaskUsage {
  return {
    provider: r.provider,
    model: r.model,
    tokens_in: (acc?.tokens_in ?? 0) + r.usage.tokens_in,
    tokens_out: (acc?.tokens_out ?? 0) + r.usage.tokens_out,
    latency_ms: (acc?.latency_ms ?? 0) + r.latency_ms,
    cached: (acc?.cached ?? true) && r.cached,
  };
}
