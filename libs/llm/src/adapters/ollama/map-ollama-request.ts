import type { LlmRequest } from '@scrai/contracts';
import type { ChatRequest, Message, Options } from 'ollama';
import type { LlmWarning } from '../../provider-spec.js';
import { ollamaMessage, ollamaTools } from './map-ollama-tools.js';

/**
 * LlmRequest ⇒ /api/chat body (without `stream`). A JSON schema goes to `format`, Ollama's native mode;
 * tools: map-ollama-tools.ts.
 */
export function mapOllamaRequest(req: LlmRequest): { params: ChatRequest; warnings: LlmWarning[] } {
  const messages: Message[] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  req.messages.forEach((m, i) => messages.push(ollamaMessage(m, req.messages.slice(0, i))));
  const options: Partial<Options> = {};
  if (req.temperature !== undefined) options.temperature = req.temperature;
  if (req.max_tokens !== undefined) options.num_predict = req.max_tokens;
  if (req.stop?.length) options.stop = req.stop;
  if (req.seed !== undefined) options.seed = req.seed;
  const { tools, warnings } = ollamaTools(req);
  const params: ChatRequest = { model: req.model, messages, ...tools };
  if (Object.keys(options).length) params.options = options;
  if (req.response_format.type === 'json_schema') params.format = req.response_format.schema;
  return { params, warnings };
}
