import type { FINISH_REASONS, LlmRequest, LlmUsage } from '@scrai/contracts';
import type { GenerateResult, LlmWarning } from '../provider-spec.js';
import { estimateInputTokens, estimateTokens } from '../token-estimate.js';
import { structuredObject } from './parse-json-answer.js';
import { parsedToolCall, type WireToolCall } from './tool-call-arguments.js';

export interface RawAnswer {
  text: string;
  /** The tool calls of the answer, in order, arguments still as text; [] for a text answer. */
  toolCalls: WireToolCall[];
  /** The provider's own finish reason, kept beside the normalized one. */
  raw: string | null;
  finish: (typeof FINISH_REASONS)[number];
  /** Null when the server reported none: tokens are then estimated, with a warning. */
  usage: LlmUsage | null;
  requestId: string | null;
  warnings: LlmWarning[];
}

/**
 * Every adapter's answer in the spec's shape: parsed tool calls, the parsed object for structured
 * output, usage, warnings. An answer with tool calls finishes `tool_calls` even where the provider
 * says `stop` (OpenAI for a forced tool, Ollama always), the raw value kept; it has no `object`, since
 * its text (if any) is not the structured answer.
 */
export function normalizedResult(req: LlmRequest, provider: string, a: RawAnswer): GenerateResult {
  const warnings = [...a.warnings];
  if (!a.usage) warnings.push({ setting: 'usage', detail: 'the server reported no token counts; tokens are estimated' });
  const toolCalls = a.toolCalls.map((c) => parsedToolCall(c, provider, a.finish));
  const finish = toolCalls.length && a.finish === 'stop' ? 'tool_calls' : a.finish;
  const object =
    req.response_format.type === 'json_schema' && toolCalls.length === 0 ? structuredObject(a.text, a.finish, provider) : undefined;
  const argumentsText = a.toolCalls.map((c) => c.raw).join('');
  return {
    text: a.text,
    ...(object !== undefined ? { object } : {}),
    tool_calls: toolCalls,
    finish_reason: finish,
    raw_finish_reason: a.raw,
    usage: a.usage ?? { tokens_in: estimateInputTokens(req), tokens_out: estimateTokens(a.text + argumentsText) },
    provider_request_id: a.requestId,
    warnings,
  };
}
