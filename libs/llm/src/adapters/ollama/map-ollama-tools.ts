import type { ChatMessage, LlmRequest } from '@scrai/contracts';
import type { ChatRequest, Message, Tool, ToolCall } from 'ollama';
import type { LlmWarning } from '../../provider-spec.js';
import type { WireToolCall } from '../tool-call-arguments.js';

/**
 * One message in /api/chat form: an assistant's tool calls as `tool_calls` with object arguments; a
 * tool result as a `tool` message named by `tool_name` (Ollama matches results by the tool's name, so
 * it is looked up from the call the result answers, the nearest earlier one with that id).
 */
export function ollamaMessage(m: ChatMessage, earlier: readonly ChatMessage[]): Message {
  if (m.role === 'tool') {
    const call = [...earlier]
      .reverse()
      .flatMap((e) => (e.role === 'assistant' ? [...(e.tool_calls ?? [])].reverse() : []))
      .find((c) => c.id === m.tool_call_id);
    return { role: 'tool', content: m.content, ...(call ? { tool_name: call.name } : {}) };
  }
  if (m.role === 'assistant' && m.tool_calls) {
    return { role: 'assistant', content: m.content, tool_calls: m.tool_calls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })) };
  }
  return { role: m.role, content: m.content };
}

/**
 * The request's tools as Ollama `function` tools. Ollama has no tool_choice: `none` sends no tools,
 * `required` sends them all and a named tool only that one, each with a warning that the model may
 * still answer in text.
 */
export function ollamaTools(req: LlmRequest): { tools: Pick<ChatRequest, 'tools'>; warnings: LlmWarning[] } {
  const choice = req.tool_choice;
  if (!req.tools?.length || choice === 'none') return { tools: {}, warnings: [] };
  const offered = typeof choice === 'object' ? req.tools.filter((t) => t.name === choice.name) : req.tools;
  const tools: Tool[] = offered.map((t) => ({
    type: 'function',
    function: {
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      // Any JSON Schema of an object; the client's type lists only the common keywords.
      parameters: t.parameters as NonNullable<Tool['function']['parameters']>,
    },
  }));
  const warnings: LlmWarning[] = [];
  if (choice === 'required') warnings.push({ setting: 'tool_choice', detail: 'Ollama cannot require a tool call; the model may answer in text' });
  if (typeof choice === 'object') {
    warnings.push({ setting: 'tool_choice', detail: `Ollama cannot force a tool; only "${choice.name}" was offered, and the model may answer in text` });
  }
  return { tools: { tools }, warnings };
}

/**
 * Ollama's tool calls ⇒ wire calls. Its calls carry no id (a newer server's `id` is kept when present),
 * so the n-th call of an answer is `call_<n>`; arguments come as an object (text from some servers).
 */
export function ollamaToolCalls(calls: readonly ToolCall[], offset = 0): WireToolCall[] {
  return calls.map((c, i) => {
    const id = (c as ToolCall & { id?: unknown }).id;
    const args: unknown = c.function.arguments;
    return {
      id: typeof id === 'string' && id !== '' ? id : `call_${offset + i}`,
      name: c.function.name,
      raw: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    };
  });
}
