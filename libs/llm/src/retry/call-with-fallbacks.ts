import { LlmError } from '../llm-error.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface FallbackOptions<T> {
  /** The model asked for, then its fallbacks in order (contracts' `fallbackChain(config, key)`). */
  chain: readonly string[];
  breakerOf: (modelKey: string) => CircuitBreaker;
  /** One call of one model, retries included (retryLlmCall around the adapter). */
  call: (modelKey: string) => Promise<T>;
  /** Told each time a model is passed over, and why. */
  onFallback?: (e: { from: string; to: string | null; reason: 'circuit_open' | 'failed'; error?: LlmError }) => void;
}

export interface FallbackResult<T> {
  result: T;
  /** The model that answered. */
  model: string;
}

/**
 * Calls the first model of the chain whose circuit lets it through. A model whose breaker is open
 * is skipped; a model whose call fails persistently (a retryable error that outlived the retry
 * loop) counts a failure on its breaker and the next model is tried. An error that is not
 * retryable (bad request, quota exhausted, auth) fails the whole call at once: another model would
 * not make the request valid, and a spent quota must fail clearly. It also proves the model is
 * reachable, so for the breaker it counts as a success.
 *
 * When no model is left: the last failure is thrown, or, if every circuit was open, a retryable
 * `circuit_open` error whose `retryAfterMs` is when the first of them lets a trial call through.
 */
export async function callWithFallbacks<T>(o: FallbackOptions<T>): Promise<FallbackResult<T>> {
  let lastFailure: LlmError | null = null;
  let soonestRetry = Infinity;
  for (let i = 0; i < o.chain.length; i++) {
    const model = o.chain[i]!;
    const next = o.chain[i + 1] ?? null;
    const breaker = o.breakerOf(model);
    if (!breaker.tryPass()) {
      soonestRetry = Math.min(soonestRetry, breaker.retryInMs());
      o.onFallback?.({ from: model, to: next, reason: 'circuit_open' });
      continue;
    }
    try {
      const result = await o.call(model);
      breaker.recordSuccess();
      return { result, model };
    } catch (e) {
      const err = LlmError.from(e);
      if (!err.retryable) {
        breaker.recordSuccess();
        throw err;
      }
      breaker.recordFailure();
      lastFailure = err;
      o.onFallback?.({ from: model, to: next, reason: 'failed', error: err });
    }
  }
  if (lastFailure) throw lastFailure;
  throw new LlmError('circuit_open', `every model is resting after repeated failures: ${o.chain.join(', ')}`, {
    retryable: true,
    retryAfterMs: Number.isFinite(soonestRetry) ? soonestRetry : null,
  });
}
