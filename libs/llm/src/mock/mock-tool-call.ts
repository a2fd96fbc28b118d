import type { LlmRequest, LlmTool, LlmToolCall } from '@scrai/contracts';
import { LlmError } from '../llm-error.js';
import type { AnswerPlan } from './answer-plan.js';
import { fillSchema } from './fill-schema.js';

/**
 * The tool the mock calls, or null when it answers in text: none without tools or under `none`; the
 * named one under `{name}`; otherwise one drawn from the request's own PRNG (so the same request
 * always calls the same tool). Under `auto` (or no choice) a conversation that ends with a tool
 * result is answered in text, as a model answers once it has what it asked for, so a multi-step
 * loop over the mock ends; `required` and `{name}` always call.
 */
export function mockToolChoice(req: LlmRequest, plan: AnswerPlan): LlmTool | null {
  const tools = req.tools ?? [];
  const choice = req.tool_choice ?? 'auto';
  if (tools.length === 0 || choice === 'none') return null;
  if (typeof choice === 'object') return tools.find((t) => t.name === choice.name) ?? null;
  if (choice === 'auto' && req.messages[req.messages.length - 1]?.role === 'tool') return null;
  return plan.rng('tool').pick(tools);
}

/** One call of `tool` with arguments built to validate against its parameters schema (fill-schema.ts). */
export function mockToolCall(tool: LlmTool, plan: AnswerPlan, key: string): LlmToolCall {
  let args: unknown;
  try {
    args = fillSchema(tool.parameters, plan);
  } catch (e) {
    throw new LlmError('bad_request', `tool "${tool.name}": ${e instanceof Error ? e.message : String(e)}`, { retryable: false, cause: e });
  }
  const raw = JSON.stringify(args);
  return { id: `call_${key.slice(0, 24)}`, name: tool.name, arguments: args as Record<string, unknown>, raw_arguments: raw };
}
