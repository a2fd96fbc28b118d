import type { FINISH_REASONS } from '@scrai/contracts';

type FinishReason = (typeof FINISH_REASONS)[number];

/** Anthropic's stop_reason ⇒ ours (the raw value is kept beside it by the caller). */
export function mapAnthropicFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}
