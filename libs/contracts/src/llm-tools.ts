import { z } from 'zod';

/** What every provider accepts as a tool name (OpenAI's rule for function names; Anthropic's and Ollama's are no stricter). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export const toolNameSchema = z.string().regex(TOOL_NAME_PATTERN, 'a tool name is 1 to 64 letters, digits, "_" or "-"');

/** A JSON object (not an array, not null): what a tool's parameters schema and a tool call's arguments are. */
const jsonObjectSchema = z.record(z.string(), z.unknown());

/**
 * A tool (function) the model may call instead of answering in text. `parameters` is the JSON Schema
 * of the call's arguments; every provider wants an object schema at its top (`{"type": "object", …}`).
 */
export const llmToolSchema = z.object({
  name: toolNameSchema,
  description: z.string().optional(),
  parameters: jsonObjectSchema.refine((s) => s['type'] === 'object', {
    message: 'parameters must be the JSON Schema of an object ({"type": "object", "properties": …})',
  }),
});
export type LlmTool = z.infer<typeof llmToolSchema>;

/**
 * Whether the model may call a tool: `auto` (it decides; the providers' default), `none` (it must
 * answer in text), `required` (it must call one of the tools) or `{name}` (it must call that tool).
 */
export const llmToolChoiceSchema = z.union([z.enum(['auto', 'none', 'required']), z.object({ name: toolNameSchema })]);
export type LlmToolChoice = z.infer<typeof llmToolChoiceSchema>;

/**
 * A tool call as an assistant message carries it back to the model in a later request (multi-step
 * use). A result's tool call (llmToolCallSchema) fits here as it is.
 */
export const chatToolCallSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  arguments: jsonObjectSchema,
});
export type ChatToolCall = z.infer<typeof chatToolCallSchema>;

/**
 * A tool call the model answered with: the provider's call id, the tool's name, the arguments parsed
 * (always a JSON object; an answer whose arguments are not one is a permanent `invalid_output`) and
 * the arguments exactly as the provider sent them.
 */
export const llmToolCallSchema = chatToolCallSchema.extend({ raw_arguments: z.string() });
export type LlmToolCall = z.infer<typeof llmToolCallSchema>;
