import { describe, expect, it } from '@jest/globals';
import { llmReplySchema, parseLlmConfig, type LlmCallRecord, type LlmRequest } from '@scrai/contracts';
import { LlmError, MockProvider, createBreakerRegistry, type LlmProvider } from '@scrai/llm';
import { createLogger } from '@scrai/observability';
import { cacheKeyOf } from '../src/cache-key.js';
import { createGenerateHandler } from '../src/generate-handler.js';
import { NO_RATE_LIMITS } from '../src/rate-limits.js';
import { MemoryAnswerCache } from './memory-answer-cache.js';
import { MemorySpendStore } from './memory-spend-store.js';

const log = createLogger({ service: 'llm-gateway', instanceId: 'test', level: 'silent' });
const config = parseLlmConfig(
  JSON.stringify({
    retry: { max_attempts: 1 },
    providers: { openai: { kind: 'openai', base_url: 'http://127.0.0.1:9' } },
    models: { 'openai/gpt-x': { price_in_per_million: 1, price_out_per_million: 2, context_window: 8000 } },
  }),
  'json',
);

/** A provider that answers like the mock (under id openai, priced) and counts its calls. */
class CountingProvider implements LlmProvider {
  readonly id = 'openai';
  calls = 0;
  fail = false;
  private readonly mock = new MockProvider();
  async generate(req: LlmRequest) {
    this.calls++;
    if (this.fail) throw new LlmError('provider_error', 'boom', { retryable: false });
    return this.mock.generate({ ...req, provider: 'mock' });
  }
  stream(): never {
    throw new Error('unused');
  }
  embed(): never {
    throw new Error('unused');
  }
}

function setup(cache = new MemoryAnswerCache()) {
  const provider = new CountingProvider();
  const records: LlmCallRecord[] = [];
  let clock = 0;
  const generate = createGenerateHandler({
    chain: {
      providers: { get: () => provider, ids: ['openai'] },
      config,
      breakerOf: createBreakerRegistry({ failureThreshold: 100, resetAfterMs: 1000, now: () => 0 }),
      limits: NO_RATE_LIMITS,
      sleep: async () => undefined,
      random: () => 0,
      now: () => 0,
      log,
    },
    cache,
    spend: new MemorySpendStore(),
    record: (r) => records.push(r),
    monotonicMs: () => (clock += 2),
    now: () => new Date('2030-01-02T03:04:05.000Z'),
    log,
  });
  const ask = async (over: Record<string, unknown> = {}) =>
    llmReplySchema.parse(
      await generate({ request_id: `req-${records.length + 1}`, run_id: null, provider: 'openai', model: 'gpt-x', messages: [{ role: 'user', content: 'Hello?' }], seed: 5, ...over }),
    );
  return { ask, provider, records, cache };
}

describe('cache modes of the generate handler', () => {
  it('read_write (the default): a miss calls the provider and stores, a repeat is answered from the cache with 0 attempts and cost 0', async () => {
    const { ask, provider, records, cache } = setup();
    const first = await ask();
    const again = await ask({ request_id: 'another-id', run_id: '00000000-0000-4000-8000-000000000009', cache_mode: 'read_write' });
    expect(provider.calls).toBe(1);
    expect(cache.entries.size).toBe(1);
    if (!first.ok || !again.ok) throw new Error('expected answers');
    expect(first.result.cached).toBe(false);
    expect(again.result).toEqual({ ...first.result, cached: true, latency_ms: 2 });
    expect(records[0]).toMatchObject({ cached: false, attempts: 1 });
    expect(records[0]!.cost_usd).toBeGreaterThan(0);
    expect(records[1]).toMatchObject({ id: 'another-id', cached: true, attempts: 0, cost_usd: 0, latency_ms: 2, status: 'ok', tokens_in: first.result.usage.tokens_in });
  });

  it('a different request (here: seed) is a miss', async () => {
    const { ask, provider } = setup();
    await ask();
    const other = await ask({ seed: 6 });
    expect(provider.calls).toBe(2);
    expect(other.ok && other.result.cached).toBe(false);
  });

  it('off: never reads nor writes the cache', async () => {
    const { ask, provider, cache } = setup();
    await ask();
    const off = await ask({ cache_mode: 'off' });
    expect(off.ok && off.result.cached).toBe(false);
    expect(provider.calls).toBe(2);
    const offOnly = setup();
    await offOnly.ask({ cache_mode: 'off' });
    expect(offOnly.cache.entries.size).toBe(0);
    expect(cache.entries.size).toBe(1);
  });

  it('replay: a hit answers without the provider; a miss is a permanent cache_miss naming the key, with no provider call', async () => {
    const { ask, provider, records } = setup();
    await ask();
    const hit = await ask({ cache_mode: 'replay' });
    expect(hit.ok && hit.result.cached).toBe(true);
    const miss = await ask({ cache_mode: 'replay', seed: 99 });
    expect(provider.calls).toBe(1);
    const key = cacheKeyOf({ request_id: 'x', run_id: null, agent_id: null, provider: 'openai', model: 'gpt-x', messages: [{ role: 'user', content: 'Hello?' }], seed: 99, response_format: { type: 'text' }, hints: {} });
    expect(miss).toMatchObject({ ok: false, error: { code: 'cache_miss', retryable: false } });
    expect(!miss.ok && miss.error.message).toContain(key);
    expect(records[2]).toMatchObject({ status: 'error', cached: false, attempts: 0 });
    expect(records[2]!.error).toMatch(/^cache_miss: /);
  });

  it('stores only answers: a failed call leaves no entry', async () => {
    const { ask, provider, cache } = setup();
    provider.fail = true;
    expect(await ask()).toMatchObject({ ok: false, error: { code: 'provider_error' } });
    expect(cache.entries.size).toBe(0);
  });

  it('an unreadable cache is bypassed in read_write but a retryable cache_unavailable in replay', async () => {
    const cache = new MemoryAnswerCache();
    cache.failing = true;
    const { ask, provider } = setup(cache);
    const rw = await ask();
    expect(rw.ok && rw.result.cached).toBe(false);
    expect(provider.calls).toBe(1);
    expect(await ask({ cache_mode: 'replay' })).toMatchObject({ ok: false, error: { code: 'cache_unavailable', retryable: true } });
    expect(provider.calls).toBe(1);
  });
});
