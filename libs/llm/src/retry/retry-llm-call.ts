import type { LlmRetryConfig } from '@scrai/contracts';
import { LlmError, abortedError } from '../llm-error.js';
import type { LlmAttemptRecord } from './attempt-record.js';
import { retryDelayMs } from './backoff-delay.js';

export interface RetryLlmCallOptions {
  policy: LlmRetryConfig;
  /** Waits ms (rejecting if the signal fires); tests pass a fake. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1); draws the jitter. */
  random: () => number;
  /** Epoch ms. */
  now: () => number;
  onAttempt?: (record: LlmAttemptRecord) => void;
  signal?: AbortSignal;
}

/**
 * The one retry loop of the LLM layer. Calls `fn(attempt)` until it succeeds, fails with an error
 * that is not retryable, or `max_attempts` attempts have failed; then rethrows the last error as an
 * LlmError. Only errors with `retryable: true` are retried. Waits back off exponentially with
 * jitter and are never shorter than the provider's `retry-after`; a `retry-after` beyond
 * `max_retry_after_ms` fails the call at once. Every attempt is reported through `onAttempt`.
 */
export async function retryLlmCall<T>(fn: (attempt: number) => Promise<T>, o: RetryLlmCallOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (o.signal?.aborted) throw abortedError(o.signal.reason);
    const startedAt = o.now();
    const started_at = new Date(startedAt).toISOString();
    try {
      const result = await fn(attempt);
      o.onAttempt?.({ attempt, started_at, latency_ms: o.now() - startedAt, next_delay_ms: null });
      return result;
    } catch (e) {
      const err = LlmError.from(e);
      const latency_ms = o.now() - startedAt;
      const delay = err.retryable && attempt < o.policy.max_attempts ? retryDelayMs(o.policy, attempt, err.retryAfterMs, o.random) : null;
      o.onAttempt?.({
        attempt,
        started_at,
        latency_ms,
        error: { code: err.code, retryable: err.retryable, retry_after_ms: err.retryAfterMs },
        next_delay_ms: delay,
      });
      if (delay === null) throw err;
      await o.sleep(delay, o.signal);
    }
  }
}
