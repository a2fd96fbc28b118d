import type { ChatMessage, LlmRequest } from '@scrai/contracts';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';

/**
 * One message in chat completions form: an assistant's tool calls as `function` calls with their
 * arguments as JSON text (content null when it said nothing else), a tool result as a `tool` message.
 */
export function openAiMessage(m: ChatMessage): ChatCompletionMessageParam {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.tool_call_id, content: m.content };
  if (m.role === 'assistant' && m.tool_calls) {
    return {
      role: 'assistant',
      content: m.content === '' ? null : m.content,
      tool_calls: m.tool_calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
    };
  }
  return { role: m.role, content: m.content };
}

/** The request's tools as `function` tools and its tool_choice (a named tool as `{type: 'function', …}`); nothing without tools. */
export function openAiTools(req: LlmRequest): Pick<ChatCompletionCreateParamsNonStreaming, 'tools' | 'tool_choice'> {
  if (!req.tools?.length) return {};
  const tools = req.tools.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), parameters: t.parameters },
  }));
  const choice = req.tool_choice;
  if (choice === undefined) return { tools };
  const tool_choice: ChatCompletionToolChoiceOption = typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
  return { tools, tool_choice };
}
