import type { LlmRequest } from '@scrai/contracts';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { LlmWarning } from '../../provider-spec.js';
import { openAiMessage, openAiTools } from './map-openai-tools.js';

/** `openai` speaks today's API; `openai_compatible` (vLLM, LM Studio, OpenRouter…) the widely copied older one. */
export type OpenAiFlavour = 'openai' | 'openai_compatible';

/** A schema name the API accepts: [a-zA-Z0-9_-], at most 64 characters. */
const schemaName = (name: string) => name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'answer';

/** LlmRequest ⇒ chat completions body (tools: map-openai-tools.ts). The gateway's request id and hints never reach the provider. */
export function mapOpenAiRequest(
  req: LlmRequest,
  flavour: OpenAiFlavour,
): { params: ChatCompletionCreateParamsNonStreaming; warnings: LlmWarning[] } {
  const messages: ChatCompletionMessageParam[] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  for (const m of req.messages) messages.push(openAiMessage(m));
  const params: ChatCompletionCreateParamsNonStreaming = { model: req.model, messages };
  if (req.temperature !== undefined) params.temperature = req.temperature;
  if (req.max_tokens !== undefined) {
    // max_tokens is deprecated (and refused by reasoning models) on OpenAI; compatible servers often know only it.
    if (flavour === 'openai') params.max_completion_tokens = req.max_tokens;
    else params.max_tokens = req.max_tokens;
  }
  if (req.stop?.length) params.stop = req.stop;
  if (req.seed !== undefined) params.seed = req.seed;
  if (req.response_format.type === 'json_schema') {
    params.response_format = {
      type: 'json_schema',
      json_schema: { name: schemaName(req.response_format.name), schema: req.response_format.schema, strict: false },
    };
  }
  Object.assign(params, openAiTools(req));
  return { params, warnings: [] };
}
