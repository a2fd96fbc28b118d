import type { ChatMessage, LlmRequest } from '@scrai/contracts';
import type {
  ContentBlockParam,
  MessageCreateParamsNonStreaming,
  MessageParam,
  Tool,
  ToolChoice,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';

/**
 * The conversation as Anthropic messages: an assistant's tool calls become `tool_use` blocks after its
 * text, and tool results `tool_result` blocks of a user turn (consecutive results share one turn, as
 * Anthropic wants every result of a turn's calls in the next user message). Plain messages stay strings.
 */
export function anthropicMessages(messages: readonly ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const m of messages) {
    if (m.role === 'tool') {
      const block: ToolResultBlockParam = { type: 'tool_result', tool_use_id: m.tool_call_id, content: m.content };
      const last = out[out.length - 1];
      if (last?.role === 'user' && Array.isArray(last.content) && last.content.every((b) => b.type === 'tool_result')) last.content.push(block);
      else out.push({ role: 'user', content: [block] });
    } else if (m.role === 'assistant' && m.tool_calls) {
      const content: ContentBlockParam[] = m.content === '' ? [] : [{ type: 'text', text: m.content }];
      for (const c of m.tool_calls) content.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
      out.push({ role: 'assistant', content });
    } else {
      out.push({ role: m.role, content: m.content });
    }
  }
  return out;
}

/**
 * The request's tools (parameters as `input_schema`) and tool_choice: auto ⇒ `auto`, required ⇒ `any`,
 * a named tool ⇒ `tool`, none ⇒ `none` (the installed SDK has it, so the tools still describe the
 * conversation's earlier calls). Nothing without tools.
 */
export function anthropicTools(req: LlmRequest): Pick<MessageCreateParamsNonStreaming, 'tools' | 'tool_choice'> {
  if (!req.tools?.length) return {};
  const tools: Tool[] = req.tools.map((t) => ({
    name: t.name,
    ...(t.description !== undefined ? { description: t.description } : {}),
    // The contract checked that the schema is an object schema ({type: 'object', …}).
    input_schema: t.parameters as Tool.InputSchema,
  }));
  const choice = req.tool_choice;
  if (choice === undefined) return { tools };
  const tool_choice: ToolChoice =
    choice === 'auto' ? { type: 'auto' } : choice === 'none' ? { type: 'none' } : choice === 'required' ? { type: 'any' } : { type: 'tool', name: choice.name };
  return { tools, tool_choice };
}
