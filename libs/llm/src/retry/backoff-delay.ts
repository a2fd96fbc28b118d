import type { LlmRetryConfig } from '@scrai/contracts';

/**
 * The wait before retry number `retry` (1 = the wait after the first attempt):
 * `initial_delay_ms · multiplier^(retry-1)`, capped at `max_delay_ms`, of which the fraction
 * `jitter` is random (drawn from [d·(1−jitter), d] with `random()` in [0, 1)).
 */
export function backoffDelayMs(policy: LlmRetryConfig, retry: number, random: () => number): number {
  const base = Math.min(policy.max_delay_ms, policy.initial_delay_ms * policy.multiplier ** Math.max(0, retry - 1));
  return Math.round(base * (1 - policy.jitter * random()));
}

/**
 * The wait before a retry, honouring the provider's `retry-after`: never sooner than it asked,
 * otherwise the backoff. null when the provider asked for longer than `max_retry_after_ms`: that
 * call is not worth waiting for and fails at once.
 */
export function retryDelayMs(policy: LlmRetryConfig, retry: number, retryAfterMs: number | null, random: () => number): number | null {
  if (retryAfterMs !== null && retryAfterMs > policy.max_retry_after_ms) return null;
  return Math.max(backoffDelayMs(policy, retry, random), Math.ceil(retryAfterMs ?? 0));
}
