import { llmRequestSchema, type LlmRequest } from '@scrai/contracts';
import { MockProvider } from '@scrai/llm';
import type { WireFormat } from './fake-http-server.js';
import { DEFAULT_ANSWER, type FakeStep } from './fake-step.js';

const mock = new MockProvider();

/**
 * The step a fake answers an unscripted request with when it mimics the deterministic mock: the
 * mock's answer to the request the wire body carries (so json_schema requests get schema-valid JSON
 * and the same body always gets the same answer), with the mock's token counts as usage. A body the
 * wire cannot read back answers DEFAULT_ANSWER; one the mock refuses (an unusable schema) a 400.
 */
export async function mockStepFor(wire: WireFormat, body: Record<string, unknown>): Promise<FakeStep> {
  const req = wire.requestOf?.(body);
  if (!req) return DEFAULT_ANSWER;
  try {
    const r = await mock.generate({ ...req, provider: 'mock' });
    return { kind: 'answer', text: r.text, usage: { in: r.usage.tokens_in, out: r.usage.tokens_out } };
  } catch (e) {
    return { kind: 'error', status: 400, message: e instanceof Error ? e.message : String(e) };
  }
}

/** What a wire body says, read back into the provider-neutral request (role-less messages dropped). */
export interface WireChat {
  model: unknown;
  system?: string;
  messages: unknown;
  maxTokens?: unknown;
  temperature?: unknown;
  seed?: unknown;
  stop?: unknown;
  schema?: { name: string; schema: unknown } | null;
}

export function neutralRequest(c: WireChat): LlmRequest | null {
  const messages = (Array.isArray(c.messages) ? c.messages : []).filter(
    (m): m is { role: 'user' | 'assistant'; content: string } => (m?.role === 'user' || m?.role === 'assistant') && typeof m.content === 'string',
  );
  const parsed = llmRequestSchema.safeParse({
    request_id: 'fake',
    provider: 'mock',
    model: c.model,
    ...(c.system ? { system: c.system } : {}),
    messages: messages.map((m) => ({ role: m.role, content: m.content })),
    ...(typeof c.maxTokens === 'number' ? { max_tokens: c.maxTokens } : {}),
    ...(typeof c.temperature === 'number' ? { temperature: c.temperature } : {}),
    ...(typeof c.seed === 'number' ? { seed: c.seed } : {}),
    ...(Array.isArray(c.stop) && c.stop.length ? { stop: c.stop } : {}),
    response_format: c.schema ? { type: 'json_schema', name: c.schema.name, schema: c.schema.schema } : { type: 'text' },
  });
  return parsed.success ? parsed.data : null;
}
