import { describe, expect, it } from '@jest/globals';
import { actorTurnOutputSchema, jsonSchemaOf, llmCallRecordSchema, llmReplySchema, parseLlmConfig, type LlmCallRecord, type LlmConfig } from '@scrai/contracts';
import { LlmError, MockProvider, createBreakerRegistry, type LlmProvider } from '@scrai/llm';
import { createLogger } from '@scrai/observability';
import { CallRecorder } from '../src/call-recorder.js';
import { createGenerateHandler } from '../src/generate-handler.js';
import type { ProviderTable } from '../src/provider-setup.js';
import { NO_RATE_LIMITS } from '../src/rate-limits.js';
import { MemoryAnswerCache } from './memory-answer-cache.js';
import { MemorySpendStore } from './memory-spend-store.js';

const log = createLogger({ service: 'llm-gateway', instanceId: 'test', level: 'silent' });

const rateLimited: LlmProvider = {
  id: 'openai',
  generate: () => Promise.reject(new LlmError('rate_limited', 'slow down', { retryable: true, retryAfterMs: 2000 })),
  stream: () => {
    throw new Error('unused');
  },
  embed: () => Promise.reject(new Error('unused')),
};

const tableOf = (providers: LlmProvider[]): ProviderTable => ({
  get(id) {
    const p = providers.find((x) => x.id === id);
    if (!p) throw new LlmError('provider_not_configured', `provider ${id} is not configured`, { retryable: false });
    return p;
  },
  ids: providers.map((p) => p.id),
});

/** A config without retries, so a retryable failure comes back after one attempt. */
const noRetries = parseLlmConfig('retry: { max_attempts: 1 }', 'yaml');

function setup(providers: LlmProvider[] = [new MockProvider()], config: LlmConfig = noRetries, cache = new MemoryAnswerCache()) {
  const records: LlmCallRecord[] = [];
  let clock = 1000;
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
    cache,
    spend: new MemorySpendStore(),
    record: (r) => records.push(r),
    monotonicMs: () => (clock += 12.5),
    now: () => new Date('2030-01-02T03:04:05.000Z'),
    log,
  });
  return { generate, records, cache };
}

const request = (over: Record<string, unknown> = {}) => ({
  request_id: 'req-1',
  run_id: 'run-1',
  agent_id: 'alice',
  provider: 'mock',
  model: 'mock-1',
  messages: [{ role: 'user', content: 'Your turn.' }],
  seed: 3,
  response_format: { type: 'json_schema', name: 'actor_turn', schema: jsonSchemaOf(actorTurnOutputSchema, 'output') },
  hints: { task_kind: 'actor.turn', agent_id: 'alice', participants: ['bob'], goals: ['ship it'] },
  ...over,
});

describe('generate handler', () => {
  it('answers a valid request with the provider result, filled by the gateway, and records the call', async () => {
    const { generate, records } = setup();
    const reply = llmReplySchema.parse(await generate(request()));
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.result).toMatchObject({ provider: 'mock', model: 'mock-1', cached: false, latency_ms: 12.5 });
    expect(() => actorTurnOutputSchema.parse(JSON.parse(reply.result.text))).not.toThrow();
    expect(reply.result).not.toHaveProperty('warnings');
    expect(records).toHaveLength(1);
    expect(llmCallRecordSchema.parse(records[0])).toEqual({
      id: 'req-1',
      run_id: 'run-1',
      agent_id: 'alice',
      provider: 'mock',
      model: 'mock-1',
      tokens_in: reply.result.usage.tokens_in,
      tokens_out: reply.result.usage.tokens_out,
      latency_ms: 12.5,
      cached: false,
      status: 'ok',
      error: null,
      at: '2030-01-02T03:04:05.000Z',
      attempts: 1,
      cost_usd: null,
      requested_model: null,
    });
  });

  it('answers an invalid request with a permanent bad_request error naming the fields, and records nothing', async () => {
    const { generate, records } = setup();
    const reply = llmReplySchema.parse(await generate({ request_id: 'x', provider: 'mock' }));
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request', retryable: false } });
    expect(!reply.ok && reply.error.message).toMatch(/messages/);
    expect(records).toHaveLength(0);
  });

  it('answers an unconfigured provider with provider_not_configured, and records the failure', async () => {
    const { generate, records } = setup();
    const reply = llmReplySchema.parse(await generate(request({ provider: 'anthropic', run_id: null })));
    expect(reply).toMatchObject({ ok: false, error: { code: 'provider_not_configured', retryable: false } });
    expect(records[0]).toMatchObject({ id: 'req-1', run_id: null, status: 'error', tokens_in: 0 });
    expect(records[0]!.error).toMatch(/^provider_not_configured: provider anthropic is not configured/);
  });

  it('passes the provider classification through as data, final once the retry loop has given up', async () => {
    const { generate } = setup([new MockProvider(), rateLimited]);
    expect(await generate(request({ provider: 'openai' }))).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'slow down (gave up after 1 attempt)', retryable: false, retry_after_ms: null },
    });
  });
});

describe('call recorder', () => {
  it('publishes after the caller has moved on, logs failures, and flushes', async () => {
    const published: string[] = [];
    const recorder = new CallRecorder({
      publish: async (r) => {
        if (r.id === 'bad') throw new Error('broker down');
        published.push(r.id);
      },
      log,
    });
    const rec = (id: string) => ({ id }) as LlmCallRecord;
    recorder.record(rec('a'));
    recorder.record(rec('bad'));
    recorder.record(rec('b'));
    expect(published).toEqual([]);
    await recorder.flush();
    expect(published).toEqual(['a', 'b']);
    expect(recorder.inFlight).toBe(0);
  });
});
