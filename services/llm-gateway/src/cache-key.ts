import { createHash } from 'node:crypto';
import type { LlmRequest } from '@scrai/contracts';
import { canonicalJson } from '@scrai/llm';

/** Bumped when the canonical form changes, so old entries are never read under a new meaning. */
const CACHE_KEY_VERSION = 1;

/**
 * The shared cache's key of a request: sha256 (hex) of its canonical form, i.e. everything a provider
 * answers from (provider, model, system, messages, temperature, max_tokens, stop, seed, response
 * format, tools, tool choice) and nothing that only labels the call (request, run and agent ids, the cache mode).
 *
 * Hints are part of the key only for the mock: real providers never see them, but the mock speaks
 * from them (its answer depends on them, see libs/llm/src/mock/request-key.ts), so two mock requests
 * that differ only in hints must not share an answer.
 */
export function cacheKeyOf(req: LlmRequest): string {
  const canonical = canonicalJson({
    v: CACHE_KEY_VERSION,
    provider: req.provider,
    model: req.model,
    system: req.system ?? null,
    messages: req.messages,
    temperature: req.temperature ?? null,
    max_tokens: req.max_tokens ?? null,
    stop: req.stop ?? null,
    seed: req.seed ?? null,
    response_format: req.response_format,
    // Only when present, so every request without tools keeps the key it had before tools existed
    // (and replays of older runs still hit). Messages' tool calls and results are part of `messages`.
    ...(req.tools?.length ? { tools: req.tools } : {}),
    ...(req.tool_choice !== undefined ? { tool_choice: req.tool_choice } : {}),
    ...(req.provider === 'mock' ? { hints: req.hints } : {}),
  });
  return createHash('sha256').update(canonical).digest('hex');
}
