import { fallbackChain, modelKey, splitModelKey, type LlmConfig, type LlmRequest } from '@scrai/contracts';
import {
  LlmError,
  callWithFallbacks,
  estimateInputTokens,
  retryLlmCall,
  type CircuitBreaker,
  type GenerateResult,
  type LlmAttemptRecord,
} from '@scrai/llm';
import type { Logger } from '@scrai/observability';
import type { ProviderTable } from './provider-setup.js';
import type { RateLimits } from './rate-limits.js';

export interface ModelChainDeps {
  providers: ProviderTable;
  config: LlmConfig;
  /** One circuit breaker per model key, kept for the life of the process. */
  breakerOf: (modelKey: string) => CircuitBreaker;
  limits: RateLimits;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1): the retry jitter. */
  random: () => number;
  /** Epoch ms. */
  now: () => number;
  log: Logger;
}

export type ChainOutcome =
  | { ok: true; result: GenerateResult; provider: string; model: string; attempts: number }
  | { ok: false; error: LlmError; attempts: number };

/**
 * One request along its model's fallback chain (`<provider>/<model>` → fallbacks in the config):
 * each model whose circuit lets it through is called through the one retry loop, and each attempt
 * first waits for the model's shared rate limits (one request, and the input estimate plus
 * max_tokens as tokens). Every attempt is counted and logged; failures come back as data.
 */
export async function callModelChain(d: ModelChainDeps, req: LlmRequest, signal?: AbortSignal): Promise<ChainOutcome> {
  let attempts = 0;
  const tokens = estimateInputTokens(req) + (req.max_tokens ?? 0);
  const ctx = { request_id: req.request_id, run_id: req.run_id };
  const onAttempt = (key: string) => (a: LlmAttemptRecord) => {
    attempts++;
    if (a.error) d.log.warn({ ...ctx, model: key, attempt: a.attempt, latency_ms: a.latency_ms, ...a.error, next_delay_ms: a.next_delay_ms }, 'llm attempt failed');
    else d.log.debug({ ...ctx, model: key, attempt: a.attempt, latency_ms: a.latency_ms }, 'llm attempt');
  };
  try {
    const { result, model: answered } = await callWithFallbacks({
      chain: fallbackChain(d.config, modelKey(req.provider, req.model)),
      breakerOf: d.breakerOf,
      onFallback: (f) => d.log.warn({ ...ctx, from: f.from, to: f.to, reason: f.reason, code: f.error?.code }, 'llm model passed over'),
      call: async (key) => {
        const { provider, model } = splitModelKey(key)!;
        const adapter = d.providers.get(provider);
        const asked = { ...req, provider: provider as LlmRequest['provider'], model };
        return retryLlmCall(
          async () => {
            await d.limits.acquire({ provider, model, tokens, signal });
            return adapter.generate(asked, { signal });
          },
          { policy: d.config.retry, sleep: d.sleep, random: d.random, now: d.now, signal, onAttempt: onAttempt(key) },
        );
      },
    });
    const { provider, model } = splitModelKey(answered)!;
    return { ok: true, result, provider, model, attempts };
  } catch (e) {
    return { ok: false, error: finalError(LlmError.from(e), attempts), attempts };
  }
}

/**
 * The retry loop above is the one owner of provider retries (429, 5xx, timeouts). Once it has given
 * up, the failure is final for the caller: were it still marked retryable, the engine would nak the
 * task and JetStream would run this whole loop again, multiplying the calls. Only an answer that
 * made no attempt (every circuit open: wait `retryAfterMs`) stays retryable.
 */
export function finalError(error: LlmError, attempts: number): LlmError {
  if (!error.retryable || attempts === 0) return error;
  return new LlmError(error.code, `${error.message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`, { retryable: false, cause: error });
}
