import type { LlmRequest } from '@scrai/contracts';
import type { ChatRequest, Message, Options } from 'ollama';
import type { LlmWarning } from '../../provider-spec.js';

/** LlmRequest ⇒ /api/chat body (without `stream`). A JSON schema goes to `format`, Ollama's native mode. */
export function mapOllamaRequest(req: LlmRequest): { params: ChatRequest; warnings: LlmWarning[] } {
  const messages: Message[] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  for (const m of req.messages) messages.push({ role: m.role, content: m.content });
  const options: Partial<Options> = {};
  if (req.temperature !== undefined) options.temperature = req.temperature;
  if (req.max_tokens !== undefined) options.num_predict = req.max_tokens;
  if (req.stop?.length) options.stop = req.stop;
  if (req.seed !== undefined) options.seed = req.seed;
  const params: ChatRequest = { model: req.model, messages };
  if (Object.keys(options).length) params.options = options;
  if (req.response_format.type === 'json_schema') params.format = req.response_format.schema;
  return { params, warnings: [] };
}
