import type { LlmUsage } from '@scrai/contracts';

/** OpenAI's usage block ⇒ tokens in and out; null when the server sent none. */
export function mapOpenAiUsage(u: { prompt_tokens?: number; completion_tokens?: number } | null | undefined): LlmUsage | null {
  if (!u) return null;
  return { tokens_in: u.prompt_tokens ?? 0, tokens_out: u.completion_tokens ?? 0 };
}
