import { DEFAULT_LLM_CACHE_MODE, type LlmRequest } from '@scrai/contracts';
import { LlmError } from '@scrai/llm';
import type { Logger } from '@scrai/observability';
import { cachedAnswerSchema, type AnswerCache, type CachedAnswer } from './answer-cache.js';
import { cacheKeyOf } from './cache-key.js';
import type { CallOutcome } from './call-record.js';

export interface CachedGenerateDeps {
  cache: AnswerCache;
  log: Logger;
}

/**
 * One request under its run's cache mode (llm-cache-mode.ts), around `callProvider`:
 * - off: the provider only;
 * - read_write: a hit answers (`cached: true`, 0 attempts, cost 0, latency of the lookup), a miss calls
 *   the provider and stores a successful answer; a cache that cannot be read or written is logged and
 *   bypassed (the call still works);
 * - replay: a hit answers; a miss is a permanent `cache_miss` naming the key (no provider call), and a
 *   cache that cannot be read a retryable `cache_unavailable`.
 */
export async function cachedGenerate(
  d: CachedGenerateDeps,
  req: LlmRequest,
  callProvider: () => Promise<CallOutcome>,
  latencyMs: () => number,
): Promise<CallOutcome> {
  const mode = req.cache_mode ?? DEFAULT_LLM_CACHE_MODE;
  if (mode === 'off') return callProvider();
  const key = cacheKeyOf(req);
  const ctx = { request_id: req.request_id, run_id: req.run_id, cache_key: key };
  let hit: CachedAnswer | null = null;
  try {
    hit = await d.cache.get(key);
  } catch (e) {
    d.log.warn({ ...ctx, err: message(e) }, 'llm cache unreadable');
    if (mode === 'replay') return failed(new LlmError('cache_unavailable', `the LLM cache could not be read (key ${key}): ${message(e)}`, { retryable: true }), latencyMs());
  }
  if (hit) return { ok: true, result: { ...hit, latency_ms: latencyMs(), cached: true }, attempts: 0, costUsd: 0 };
  if (mode === 'replay') {
    d.log.warn(ctx, 'llm cache miss in replay');
    return failed(new LlmError('cache_miss', `no cached answer for key ${key} (provider ${req.provider}, model ${req.model}); a replay makes no provider calls`, { retryable: false }), latencyMs());
  }
  const outcome = await callProvider();
  if (outcome.ok) {
    await d.cache.put(key, cachedAnswerSchema.parse(outcome.result)).catch((e: unknown) => d.log.warn({ ...ctx, err: message(e) }, 'llm answer not cached'));
  }
  return outcome;
}

const failed = (e: LlmError, latencyMs: number): CallOutcome => ({ ok: false, error: e.toInfo(), latencyMs, attempts: 0 });
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
