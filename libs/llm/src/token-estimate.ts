import type { LlmRequest } from '@scrai/contracts';

/** A provider-independent estimate: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Input tokens of a request: its system prompt, every message (with the arguments of the tool calls
 * an assistant message carries) and the tools' definitions, which providers put into the prompt too.
 */
export function estimateInputTokens(req: Pick<LlmRequest, 'system' | 'messages'> & Partial<Pick<LlmRequest, 'tools'>>): number {
  let chars = req.system?.length ?? 0;
  for (const m of req.messages) {
    chars += m.content.length;
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) chars += c.name.length + JSON.stringify(c.arguments).length;
  }
  for (const t of req.tools ?? []) chars += JSON.stringify(t).length;
  return Math.ceil(chars / 4);
}
