import type { LlmUsage } from '@scrai/contracts';

export interface AnthropicUsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Anthropic's usage ⇒ tokens in (fresh + cache writes + cache reads, all billed as input) and out. */
export function mapAnthropicUsage(u: AnthropicUsageLike): LlmUsage {
  return {
    tokens_in: (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0),
    tokens_out: u.output_tokens ?? 0,
  };
}
