import { describe, expect, it } from '@jest/globals';
import {
  ACTOR_SPOKEN_FIELD,
  actorTurnOutputSchema,
  jsonSchemaOf,
  llmReplySchema,
  parseLlmConfig,
  type LiveTokenPart,
  type LlmCallRecord,
  type LlmConfig,
  type LlmRequest,
  type LlmResult,
} from '@scrai/contracts';
import { LlmError, MockProvider, createBreakerRegistry, type CallOptions, type LlmProvider, type LlmStreamPart } from '@scrai/llm';
import { createLogger } from '@scrai/observability';
import { createGenerateHandler } from '../src/generate-handler.js';
import type { ProviderTable } from '../src/provider-setup.js';
import { NO_RATE_LIMITS } from '../src/rate-limits.js';
import { MemoryAnswerCache } from './memory-answer-cache.js';
import { MemorySpendStore } from './memory-spend-store.js';

const log = createLogger({ service: 'llm-gateway', instanceId: 'test', level: 'silent' });
const mock = new MockProvider();

/**
 * An "openai" that answers like the mock, except that its first `cuts` streams send two deltas and
 * then drop (a retryable connection error), as a server cut off mid-answer does.
 */
function cutting(cuts: number): LlmProvider & { streams: number } {
  const p = {
    id: 'openai' as const,
    streams: 0,
    generate: (req: LlmRequest, o?: CallOptions) => mock.generate(req, o),
    async *stream(req: LlmRequest, o?: CallOptions): AsyncGenerator<LlmStreamPart> {
      p.streams++;
      if (p.streams > cuts) return yield* mock.stream(req, o);
      let sent = 0;
      for await (const part of mock.stream(req, o)) {
        if (part.type !== 'text-delta') break;
        yield part;
        if (++sent === 4) break;
      }
      throw new LlmError('connection_error', 'openai: the stream ended before a finish reason (cut midway)', { retryable: true });
    },
    embed: () => Promise.reject(new Error('unused')),
  };
  return p;
}

const tableOf = (providers: LlmProvider[]): ProviderTable => ({
  get(id) {
    const p = providers.find((x) => x.id === id);
    if (!p) throw new LlmError('provider_not_configured', `provider ${id} is not configured`, { retryable: false });
    return p;
  },
  ids: providers.map((p) => p.id),
});

const threeAttempts = parseLlmConfig('retry: { max_attempts: 3, initial_delay_ms: 1, jitter: 0 }', 'yaml');

function setup(providers: LlmProvider[] = [mock], config: LlmConfig = threeAttempts) {
  const parts: LiveTokenPart[] = [];
  const records: LlmCallRecord[] = [];
  const generate = createGenerateHandler({
    chain: {
      providers: tableOf(providers),
      config,
      breakerOf: createBreakerRegistry({ failureThreshold: 5, resetAfterMs: 1000, now: () => 0 }),
      limits: NO_RATE_LIMITS,
      sleep: async () => undefined,
      random: () => 0,
      now: () => 0,
      log,
    },
    cache: new MemoryAnswerCache(),
    spend: new MemorySpendStore(),
    publishDelta: (p) => parts.push(p),
    record: (r) => records.push(r),
    monotonicMs: () => 0,
    now: () => new Date('2030-01-02T03:04:05.000Z'),
    log,
  });
  const ask = async (over: Record<string, unknown>): Promise<LlmResult> => {
    const reply = llmReplySchema.parse(await generate(request(over)));
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.result;
  };
  return { generate, ask, parts, records };
}

const actorFormat = { type: 'json_schema', name: 'actor_turn', schema: jsonSchemaOf(actorTurnOutputSchema, 'output') };
const request = (over: Record<string, unknown> = {}) => ({
  request_id: 'req-1',
  run_id: 'run-1',
  agent_id: 'alice',
  provider: 'mock',
  model: 'mock-1',
  messages: [{ role: 'user', content: 'Your turn.' }],
  seed: 3,
  response_format: actorFormat,
  hints: { task_kind: 'actor.turn', agent_id: 'alice', participants: ['bob'], goals: ['fund the library'] },
  cache_mode: 'off',
  ...over,
});
const streamed = { stream: true, stream_field: ACTOR_SPOKEN_FIELD };

/** The text a viewer holds for a request at the end: the deltas after its last reset. */
const viewedText = (parts: LiveTokenPart[], requestId: string): string => {
  const mine = parts.filter((p) => p.request_id === requestId);
  const lastReset = mine.map((p) => !!p.reset).lastIndexOf(true);
  return mine.slice(lastReset + 1).map((p) => p.delta).join('');
};
const spoken = (r: LlmResult): string => actorTurnOutputSchema.parse(r.object).content;

describe('llm-gateway streaming', () => {
  it("publishes an actor answer's spoken text delta by delta, and replies with the same result as an unstreamed call", async () => {
    const { ask, parts } = setup();
    const plain = await ask({ request_id: 'plain' });
    expect(parts).toEqual([]);
    const live = await ask({ request_id: 'live', ...streamed });
    expect(live).toEqual(plain);

    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.map((p) => p.index)).toEqual(parts.map((_, i) => i));
    expect(parts.every((p) => p.run_id === 'run-1' && p.agent_id === 'alice' && p.request_id === 'live' && !p.reset && p.delta !== '')).toBe(true);
    // The spoken field only, decoded: never the JSON around it.
    expect(viewedText(parts, 'live')).toBe(spoken(live));
    expect(live.text).toContain('"action"');
    expect(parts.some((p) => p.delta.includes('"action"'))).toBe(false);
  });

  it('publishes a reset when a stream is cut and the retry loop tries again, then the new attempt’s text', async () => {
    const flaky = cutting(1);
    const { ask, parts, records } = setup([mock, flaky]);
    const result = await ask({ request_id: 'r', provider: 'openai', model: 'gpt-x', ...streamed });
    expect(flaky.streams).toBe(2);
    const resets = parts.filter((p) => p.reset);
    expect(resets).toHaveLength(1);
    const at = parts.indexOf(resets[0]!);
    expect(at).toBeGreaterThan(0);
    expect(resets[0]).toMatchObject({ delta: '', index: at, request_id: 'r' });
    expect(parts.slice(at + 1).length).toBeGreaterThan(0);
    expect(parts.map((p) => p.index)).toEqual(parts.map((_, i) => i));
    expect(viewedText(parts, 'r')).toBe(spoken(result));
    expect(records[0]).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('ends with a reset when every attempt is cut, so viewers drop the partial text', async () => {
    const { generate, parts } = setup([mock, cutting(99)]);
    const reply = await generate(request({ provider: 'openai', model: 'gpt-x', ...streamed }));
    expect(reply).toMatchObject({ ok: false, error: { code: 'connection_error', retryable: false } });
    expect(parts.filter((p) => p.reset)).toHaveLength(3);
    expect(parts.at(-1)).toMatchObject({ reset: true });
  });

  it('publishes nothing for a cache hit: the answer is complete at once', async () => {
    const { ask, parts } = setup();
    const first = await ask({ request_id: 'a', cache_mode: 'read_write', ...streamed });
    const count = parts.length;
    expect(count).toBeGreaterThan(0);
    const hit = await ask({ request_id: 'b', cache_mode: 'read_write', ...streamed });
    expect(hit).toMatchObject({ cached: true, text: first.text });
    expect(parts.length).toBe(count);
  });

  it('streams a text answer as it is; publishes nothing unasked, without a run, or for a structured answer without a field', async () => {
    const { ask, parts } = setup();
    const text = await ask({ request_id: 't', response_format: { type: 'text' }, hints: {}, stream: true });
    expect(parts.length).toBeGreaterThan(1);
    expect(viewedText(parts, 't')).toBe(text.text);
    parts.splice(0);
    await ask({ request_id: 'n1', stream: false, stream_field: ACTOR_SPOKEN_FIELD });
    await ask({ request_id: 'n2', run_id: null, ...streamed });
    await ask({ request_id: 'n3', stream: true });
    expect(parts).toEqual([]);
  });
});
