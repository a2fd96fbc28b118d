import type { LlmRequest } from '@scrai/contracts';

/** A provider-independent estimate: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Input tokens of a request: its system prompt and every message. */
export function estimateInputTokens(req: Pick<LlmRequest, 'system' | 'messages'>): number {
  let chars = req.system?.length ?? 0;
  for (const m of req.messages) chars += m.content.length;
  return Math.ceil(chars / 4);
}
