import type { LlmToolCall } from '@scrai/contracts';
import { LlmError } from '../llm-error.js';

/** A tool call as a provider's wire carries it: the arguments still as text. */
export interface WireToolCall {
  id: string;
  name: string;
  /** The arguments as the provider sent them (JSON text; Anthropic's and Ollama's objects are serialized first). */
  raw: string;
}

/**
 * The validate step of a tool call: its arguments must be a JSON object (empty text counts as `{}`,
 * which some servers send for a tool without parameters). Anything else is a permanent
 * `invalid_output` naming the tool, so the caller can re-ask, like parseJsonAnswer for schema answers.
 * A call cut at max_tokens says so.
 */
export function parsedToolCall(call: WireToolCall, provider: string, finishReason: string): LlmToolCall {
  const text = call.raw.trim();
  let args: unknown;
  try {
    args = text === '' ? {} : JSON.parse(text);
  } catch {
    args = undefined;
  }
  if (args !== null && typeof args === 'object' && !Array.isArray(args)) {
    return { id: call.id, name: call.name, arguments: args as Record<string, unknown>, raw_arguments: call.raw };
  }
  const why =
    finishReason === 'length'
      ? 'were cut at max_tokens before their JSON was complete'
      : `are not a JSON object: ${JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text)}`;
  throw new LlmError('invalid_output', `${provider}: the arguments of the call to tool "${call.name}" ${why}`, { retryable: false });
}
