import type { FINISH_REASONS } from '@scrai/contracts';

type FinishReason = (typeof FINISH_REASONS)[number];

/** Ollama's done_reason ⇒ ours (the raw value is kept beside it by the caller). */
export function mapOllamaFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    default:
      return 'other';
  }
}
