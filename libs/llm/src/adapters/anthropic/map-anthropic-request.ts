import type { LlmRequest } from '@scrai/contracts';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { LlmWarning } from '../../provider-spec.js';
import { anthropicMessages, anthropicTools } from './map-anthropic-tools.js';

/** Anthropic requires max_tokens; this is what a request without one gets (reported as a warning). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

/**
 * LlmRequest ⇒ messages body. Anthropic has no seed (and the 1.x API no temperature): both come back as
 * warnings. A JSON schema goes into the system prompt and the answer is parsed afterwards: that works
 * with every model, where the newer `output_config.format` works only with some. Tools: map-anthropic-tools.ts.
 */
export function mapAnthropicRequest(req: LlmRequest): { params: MessageCreateParamsNonStreaming; warnings: LlmWarning[] } {
  const warnings: LlmWarning[] = [];
  let system = req.system ?? '';
  if (req.response_format.type === 'json_schema') {
    system +=
      `${system ? '\n\n' : ''}Answer with one JSON object that conforms to this JSON Schema, and nothing else ` +
      `(no prose, no code fences):\n${JSON.stringify(req.response_format.schema)}`;
    warnings.push({
      setting: 'response_format',
      detail: 'no native JSON schema mode: the schema is stated in the system prompt and the answer is parsed as JSON',
    });
  }
  let maxTokens = req.max_tokens;
  if (maxTokens === undefined) {
    maxTokens = ANTHROPIC_DEFAULT_MAX_TOKENS;
    warnings.push({ setting: 'max_tokens', detail: `required by Anthropic; ${ANTHROPIC_DEFAULT_MAX_TOKENS} used` });
  }
  const params: MessageCreateParamsNonStreaming = {
    model: req.model,
    max_tokens: maxTokens,
    messages: anthropicMessages(req.messages),
    ...anthropicTools(req),
  };
  if (system) params.system = system;
  if (req.temperature !== undefined) {
    // @anthropic-ai/sdk 1.x no longer has temperature on messages.create (deprecated by the API).
    warnings.push({ setting: 'temperature', detail: 'not part of the Anthropic messages API any more; not sent' });
  }
  if (req.stop?.length) params.stop_sequences = req.stop;
  if (req.seed !== undefined) warnings.push({ setting: 'seed', detail: 'Anthropic has no seed; the answer is not reproducible' });
  return { params, warnings };
}
