import { z } from 'zod';
import { llmProviderSchema } from './agent-template.js';
import { llmCacheModeSchema } from './llm-cache-mode.js';
import { llmBudgetSchema } from './llm-budget.js';
import { chatToolCallSchema, llmToolCallSchema, llmToolChoiceSchema, llmToolSchema, type LlmToolChoice } from './llm-tools.js';

/**
 * One message of the conversation. Plain `{role: 'user' | 'assistant', content}` messages are all a
 * single-step request needs; multi-step tool use adds an assistant message carrying the `tool_calls`
 * the model answered with, and one `tool` message per call with its result (`tool_call_id` names the
 * call it answers, `content` is the result as text).
 */
export const chatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({ role: z.literal('assistant'), content: z.string(), tool_calls: z.array(chatToolCallSchema).min(1).optional() }),
  z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: z.string() }),
]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_schema'), name: z.string(), schema: z.record(z.string(), z.unknown()) }),
]);
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/**
 * Context about who is speaking. Real providers never see it (it is not part of the prompt); it labels
 * usage records, and the deterministic mock provider uses it to speak in the persona's voice.
 */
export const llmHintsSchema = z.object({
  task_kind: z.string().optional(),
  agent_id: z.string().optional(),
  persona_role: z.string().optional(),
  goals: z.array(z.string()).optional(),
  traits: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  participants: z.array(z.string()).optional(),
  round: z.number().int().optional(),
  max_rounds: z.number().int().optional(),
  turn: z.number().int().optional(),
  max_turns: z.number().int().optional(),
  last_line: z.string().optional(),
  last_speaker: z.string().optional(),
  situation: z.string().optional(),
});
export type LlmHints = z.infer<typeof llmHintsSchema>;

/**
 * One LLM call. Part of the cache key: provider, model, system, messages, temperature, max_tokens,
 * stop, seed, response_format, tools and tool_choice (and hints for the mock).
 */
export const llmRequestSchema = z.object({
  request_id: z.string().min(1),
  run_id: z.string().nullable().default(null),
  agent_id: z.string().nullable().default(null),
  provider: llmProviderSchema,
  model: z.string().min(1),
  system: z.string().optional(),
  messages: z.array(chatMessageSchema).min(1),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).optional(),
  stop: z.array(z.string()).optional(),
  seed: z.number().int().optional(),
  response_format: responseFormatSchema.default({ type: 'text' }),
  /** Tools the model may call instead of answering in text (names unique); absent: none. */
  tools: z.array(llmToolSchema).optional(),
  /** Whether it may or must call one (llm-tools.ts); absent: the provider's default, `auto`. Needs `tools` unless `auto` or `none`. */
  tool_choice: llmToolChoiceSchema.optional(),
  hints: llmHintsSchema.default({}),
  /** The run's cache mode (llm-cache-mode.ts); absent: read_write. Not part of the cache key. */
  cache_mode: llmCacheModeSchema.optional(),
  /** The run's budget (llm-budget.ts), checked against the run's spend before a provider call. Not part of the cache key. */
  budget: llmBudgetSchema.optional(),
  /**
   * Publish the answer's text to the run's viewers while it is generated (live-tokens.ts); the reply
   * is the same whole answer either way. Not part of the cache key: a cache hit publishes nothing.
   */
  stream: z.boolean().optional(),
  /**
   * With `stream` and a json_schema response format: the top-level string field whose text is
   * published (e.g. ACTOR_SPOKEN_FIELD); absent, a structured answer publishes nothing. Not part of the cache key.
   */
  stream_field: z.string().min(1).optional(),
}).superRefine(checkTools);
export type LlmRequest = z.infer<typeof llmRequestSchema>;
export type LlmRequestInput = z.input<typeof llmRequestSchema>;

export const FINISH_REASONS = ['stop', 'length', 'content_filter', 'tool_calls', 'error', 'other'] as const;

export const llmUsageSchema = z.object({
  tokens_in: z.number().int().min(0),
  tokens_out: z.number().int().min(0),
});
export type LlmUsage = z.infer<typeof llmUsageSchema>;

export const llmResultSchema = z.object({
  text: z.string(),
  object: z.unknown().optional(),
  /** The tools the model called, in order (finish_reason `tool_calls`); [] for a text answer and for results stored before tools existed. */
  tool_calls: z.array(llmToolCallSchema).default([]),
  finish_reason: z.enum(FINISH_REASONS),
  raw_finish_reason: z.string().nullable(),
  usage: llmUsageSchema,
  provider: llmProviderSchema,
  model: z.string(),
  provider_request_id: z.string().nullable(),
  latency_ms: z.number().min(0),
  cached: z.boolean(),
});
export type LlmResult = z.infer<typeof llmResultSchema>;

export const llmErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  retry_after_ms: z.number().int().min(0).nullable().default(null),
});
export type LlmErrorInfo = z.infer<typeof llmErrorSchema>;

export const llmReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: llmResultSchema }),
  z.object({ ok: z.literal(false), error: llmErrorSchema }),
]);
export type LlmReply = z.infer<typeof llmReplySchema>;

/** One provider call as recorded by the llm-gateway (id = request id). */
export const llmCallRecordSchema = z.object({
  id: z.string(),
  run_id: z.string().nullable(),
  agent_id: z.string().nullable(),
  provider: llmProviderSchema,
  model: z.string(),
  tokens_in: z.number().int().min(0),
  tokens_out: z.number().int().min(0),
  latency_ms: z.number().min(0),
  cached: z.boolean(),
  status: z.enum(['ok', 'error']),
  error: z.string().nullable(),
  at: z.string(),
  /** Provider attempts behind this call (the gateway's retry loop); 0 when the cache answered. */
  attempts: z.number().int().min(0).default(1),
  /** Price of the call from the model's configured prices; null when the model has no price (or the mock). */
  cost_usd: z.number().min(0).nullable().default(null),
  /** The model the agent asked for, when a fallback model answered instead; else null. */
  requested_model: z.string().nullable().default(null),
});
export type LlmCallRecord = z.infer<typeof llmCallRecordSchema>;
export type LlmCallRecordInput = z.input<typeof llmCallRecordSchema>;

/**
 * What the shapes alone cannot say about tools, each reported at its field: tool names are unique, a
 * choice that forces a tool has tools to choose from (and names one of them), and every tool result
 * answers a call an earlier assistant message made.
 */
function checkTools(req: { tools?: Array<{ name: string }>; tool_choice?: LlmToolChoice; messages: ChatMessage[] }, ctx: z.RefinementCtx): void {
  const names = (req.tools ?? []).map((t) => t.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['tools', i, 'name'], message: `tool "${name}" is defined twice` });
  });
  const choice = req.tool_choice;
  if (choice === 'required' && names.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['tool_choice'], message: 'tool_choice "required" needs tools' });
  }
  if (typeof choice === 'object' && !names.includes(choice.name)) {
    ctx.addIssue({ code: 'custom', path: ['tool_choice', 'name'], message: `tool "${choice.name}" is not one of the request's tools` });
  }
  const calls = new Set<string>();
  req.messages.forEach((m, i) => {
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) calls.add(c.id);
    if (m.role === 'tool' && !calls.has(m.tool_call_id)) {
      ctx.addIssue({ code: 'custom', path: ['messages', i, 'tool_call_id'], message: `no earlier assistant message made tool call "${m.tool_call_id}"` });
    }
  });
}
