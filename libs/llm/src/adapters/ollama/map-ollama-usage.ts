import type { LlmUsage } from '@scrai/contracts';

/**
 * Ollama's counters ⇒ tokens in and out; null when it sent none (it omits prompt_eval_count when the
 * prompt was already in its cache), so the caller can estimate and say so.
 */
export function mapOllamaUsage(r: { prompt_eval_count?: number | null; eval_count?: number | null }): LlmUsage | null {
  if (r.prompt_eval_count == null && r.eval_count == null) return null;
  return { tokens_in: r.prompt_eval_count ?? 0, tokens_out: r.eval_count ?? 0 };
}
