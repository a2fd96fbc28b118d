import type { FINISH_REASONS } from '@scrai/contracts';

type FinishReason = (typeof FINISH_REASONS)[number];

/** OpenAI's finish_reason ⇒ ours (the raw value is kept beside it by the caller). */
export function mapOpenAiFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    default:
      return 'other';
  }
}
