import type { LlmRequest, LlmResult } from '@scrai/contracts';
import { LlmError } from '../llm-error.js';
import type { LlmWarning } from '../provider-spec.js';
import { AnswerPlan } from './answer-plan.js';
import { fillSchema } from './fill-schema.js';
import { voiceOf } from './voice.js';

export interface MockAnswer {
  text: string;
  object?: unknown;
  finishReason: LlmResult['finish_reason'];
  rawFinishReason: string;
  warnings: LlmWarning[];
}

/** Cuts free text at the first stop sequence and at max_tokens (≈ 4 characters a token), like a real model. */
function limitText(text: string, req: LlmRequest): Pick<MockAnswer, 'text' | 'finishReason' | 'rawFinishReason'> {
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
    return { text: out.slice(0, req.max_tokens * 4), finishReason: 'length', rawFinishReason: 'max_tokens' };
  }
  return { text: out, finishReason: 'stop', rawFinishReason: stopped ? 'stop_sequence' : 'end_turn' };
}

/**
 * The mock's answer to a request, a pure function of the request and its key: free text in the
 * persona's voice, or JSON built to validate against the requested JSON Schema.
 */
export function mockAnswer(req: LlmRequest, key: string): MockAnswer {
  const plan = new AnswerPlan(voiceOf(req.hints), key);
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
  return { text, object, finishReason: 'stop', rawFinishReason: 'end_turn', warnings };
}
