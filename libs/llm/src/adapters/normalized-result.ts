import type { FINISH_REASONS, LlmRequest, LlmUsage } from '@scrai/contracts';
import type { GenerateResult, LlmWarning } from '../provider-spec.js';
import { estimateInputTokens, estimateTokens } from '../token-estimate.js';
import { structuredObject } from './parse-json-answer.js';

export interface RawAnswer {
  text: string;
  /** The provider's own finish reason, kept beside the normalized one. */
  raw: string | null;
  finish: (typeof FINISH_REASONS)[number];
  /** Null when the server reported none: tokens are then estimated, with a warning. */
  usage: LlmUsage | null;
  requestId: string | null;
  warnings: LlmWarning[];
}

/** Every adapter's answer in the spec's shape: parsed object for structured output, usage, warnings. */
export function normalizedResult(req: LlmRequest, provider: string, a: RawAnswer): GenerateResult {
  const warnings = [...a.warnings];
  if (!a.usage) warnings.push({ setting: 'usage', detail: 'the server reported no token counts; tokens are estimated' });
  const object = req.response_format.type === 'json_schema' ? structuredObject(a.text, a.finish, provider) : undefined;
  return {
    text: a.text,
    ...(object !== undefined ? { object } : {}),
    finish_reason: a.finish,
    raw_finish_reason: a.raw,
    usage: a.usage ?? { tokens_in: estimateInputTokens(req), tokens_out: estimateTokens(a.text) },
    provider_request_id: a.requestId,
    warnings,
  };
}
