import { llmRequestSchema, type LlmRequest, type LlmRequestInput } from '@scrai/contracts';
import { LlmError, type GenerateResult, type LlmStreamPart } from '@scrai/llm';

export const TEST_KEY = 'sk-test-0123456789abcdefSECRET';

export const JSON_FORMAT = {
  type: 'json_schema' as const,
  name: 'actor_turn',
  schema: { type: 'object', properties: { line: { type: 'string' } }, required: ['line'] },
};

/** Two tools for the tool-calling cases: one with required parameters, one without any. */
export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
    required: ['city', 'unit'],
  },
};
export const CLOCK_TOOL = { name: 'get_time', parameters: { type: 'object', properties: {} } };

/** A second step of tool use: the user's question, the model's call, the call's result. */
export const TOOL_CONVERSATION: LlmRequestInput['messages'] = [
  { role: 'user', content: 'Weather in Oslo?' },
  { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } }] },
  { role: 'tool', tool_call_id: 'call_1', content: '{"temp":3}' },
];

export function req(over: Partial<LlmRequestInput> = {}): LlmRequest {
  return llmRequestSchema.parse({
    request_id: 'r1',
    provider: 'openai',
    model: 'test-model',
    system: 'You are alice.',
    messages: [{ role: 'user', content: 'Say hello.' }],
    temperature: 0.5,
    max_tokens: 64,
    ...over,
  });
}

/** Drains a stream: its deltas in order and the final result. */
export async function collect(parts: AsyncIterable<LlmStreamPart>): Promise<{ deltas: string[]; result: GenerateResult }> {
  const deltas: string[] = [];
  let result: GenerateResult | null = null;
  for await (const p of parts) {
    if (p.type === 'text-delta') deltas.push(p.delta);
    else result = p.result;
  }
  if (!result) throw new Error('stream ended without a finish part');
  return { deltas, result };
}

/** The LlmError a call rejects with (fails the test if it resolves or throws anything else). */
export async function failureOf(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LlmError) return e;
    throw new Error(`expected an LlmError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the call to fail');
}
