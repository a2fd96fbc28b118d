import { llmRequestSchema, type LlmRequest, type LlmRequestInput } from '@scrai/contracts';
import { LlmError, type GenerateResult, type LlmStreamPart } from '@scrai/llm';

export const TEST_KEY = 'sk-test-0123456789abcdefSECRET';

export const JSON_FORMAT = {
  type: 'json_schema' as const,
  name: 'actor_turn',
  schema: { type: 'object', properties: { line: { type: 'string' } }, required: ['line'] },
};

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
