import type { LlmRequest, LlmResult, LlmToolCall } from '@scrai/contracts';
import { LlmError } from '../llm-error.js';
import type { LlmWarning } from '../provider-spec.js';
import { AnswerPlan } from './answer-plan.js';
import { fillSchema } from './fill-schema.js';
import { mockToolCall, mockToolChoice } from './mock-tool-call.js';
import { voiceOf } from './voice.js';

export interface MockAnswer {
  text: string;
  object?: unknown;
  toolCalls: LlmToolCall[];
  finishReason: LlmResult['finish_reason'];
  rawFinishReason: string;
  warnings: LlmWarning[];
}

/** Cuts free text at the first stop sequence and at max_tokens (≈ 4 characters a token), like a real model. */
function limitText(text: string, req: LlmRequest): Pick<MockAnswer, 'text' | 'toolCalls' | 'finishReason' | 'rawFinishReason'> {
  let out = text;
  let stopped = false;
  for (const stop of req.stop ?? []) {
    const at = stop === '' ? -1 : out.indexOf(stop);
    if (at >= 0) {
      out = out.slice(0, at);
      stopped = true;
    }
  }
  if (req.max_tokens !== undefined && out.length > req.max_tokens * 4) {
    return { text: out.slice(0, req.max_tokens * 4), toolCalls: [], finishReason: 'length', rawFinishReason: 'max_tokens' };
  }
  return { text: out, toolCalls: [], finishReason: 'stop', rawFinishReason: stopped ? 'stop_sequence' : 'end_turn' };
}

/**
 * The mock's answer to a request, a pure function of the request and its key: one tool call when the
 * request offers tools (mock-tool-call.ts says when), else free text in the persona's voice, or JSON
 * built to validate against the requested JSON Schema.
 */
export function mockAnswer(req: LlmRequest, key: string): MockAnswer {
  const plan = new AnswerPlan(voiceOf(req.hints), key);
  const tool = mockToolChoice(req, plan);
  if (tool) return { text: '', toolCalls: [mockToolCall(tool, plan, key)], finishReason: 'tool_calls', rawFinishReason: 'tool_use', warnings: [] };
  const format = req.response_format;
  if (format.type === 'text') return { ...limitText(plan.mainText(), req), warnings: [] };
  let object: unknown;
  try {
    object = fillSchema(format.schema, plan);
  } catch (e) {
    throw new LlmError('bad_request', `response_format "${format.name}": ${e instanceof Error ? e.message : String(e)}`, {
      retryable: false,
      cause: e,
    });
  }
  const text = JSON.stringify(object);
  const warnings: LlmWarning[] = [];
  if (req.max_tokens !== undefined && text.length > req.max_tokens * 4) {
    warnings.push({ setting: 'max_tokens', detail: 'the mock never truncates a structured (json_schema) answer' });
  }
  if (req.stop?.length) warnings.push({ setting: 'stop', detail: 'stop sequences are not applied to structured (json_schema) answers' });
  return { text, object, toolCalls: [], finishReason: 'stop', rawFinishReason: 'end_turn', warnings };
}
