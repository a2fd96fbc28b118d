import { describe, expect, it } from '@jest/globals';
import { llmReplySchema, parseLlmConfig, type LlmCallRecord, type LlmRequest } from '@scrai/contracts';
import { MockProvider, createBreakerRegistry, type LlmProvider } from '@scrai/llm';
import { createLogger } from '@scrai/observability';
import { budgetRefusal, callEstimate } from '../src/budget-check.js';
import { createGenerateHandler } from '../src/generate-handler.js';
import { NO_RATE_LIMITS } from '../src/rate-limits.js';
import { MemoryAnswerCache } from './memory-answer-cache.js';
import { MemorySpendStore } from './memory-spend-store.js';

const log = createLogger({ service: 'llm-gateway', instanceId: 'test', level: 'silent' });
/** $10 and $20 per million tokens in and out. */
const config = parseLlmConfig(
  JSON.stringify({
    retry: { max_attempts: 1 },
    providers: { openai: { kind: 'openai', base_url: 'http://127.0.0.1:9' } },
    models: { 'openai/gpt-x': { price_in_per_million: 10, price_out_per_million: 20, context_window: 8000 } },
  }),
  'json',
);

/** Answers like the mock (under id openai, priced) and counts its calls. */
class CountingProvider implements LlmProvider {
  readonly id = 'openai';
  calls = 0;
  private readonly mock = new MockProvider();
  async generate(req: LlmRequest) {
    this.calls++;
    return this.mock.generate({ ...req, provider: 'mock' });
  }
  stream(): never {
    throw new Error('unused');
  }
  embed(): never {
    throw new Error('unused');
  }
}

function setup() {
  const provider = new CountingProvider();
  const spend = new MemorySpendStore();
  const records: LlmCallRecord[] = [];
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
    cache: new MemoryAnswerCache(),
    spend,
    record: (r) => records.push(r),
    monotonicMs: () => 0,
    now: () => new Date('2030-01-02T03:04:05.000Z'),
    log,
  });
  let n = 0;
  const ask = async (over: Record<string, unknown> = {}) =>
    llmReplySchema.parse(
      await generate({ request_id: `req-${++n}`, run_id: 'run-1', provider: 'openai', model: 'gpt-x', messages: [{ role: 'user', content: `Question ${n}: ${'x'.repeat(396)}` }], max_tokens: 100, seed: 5, ...over }),
    );
  return { ask, provider, spend, records };
}

describe('budget check', () => {
  it('estimates a call as its input estimate plus max_tokens, priced at the model prices', () => {
    const req = { request_id: 'r', run_id: 'run-1', agent_id: null, provider: 'openai', model: 'gpt-x', messages: [{ role: 'user', content: 'x'.repeat(400) }], max_tokens: 100, response_format: { type: 'text' }, hints: {} } as const;
    expect(callEstimate(config, { ...req, messages: [...req.messages] })).toEqual({ tokens: 200, cost_usd: 0.003 });
    expect(callEstimate(config, { ...req, messages: [...req.messages], model: 'unpriced' })).toEqual({ tokens: 200, cost_usd: 0 });
  });

  it('refuses only what would cross a limit, as the permanent error budget_exceeded', () => {
    expect(budgetRefusal({ max_tokens: 1000 }, { tokens: 800, cost_usd: 0 }, { tokens: 200, cost_usd: 0 })).toBeNull();
    const e = budgetRefusal({ max_tokens: 1000 }, { tokens: 801, cost_usd: 0 }, { tokens: 200, cost_usd: 0 });
    expect(e).toMatchObject({ code: 'budget_exceeded', retryable: false });
    expect(e?.message).toContain('max_tokens 1000');
    expect(budgetRefusal({ max_cost_usd: 0.01 }, { tokens: 0, cost_usd: 0.008 }, { tokens: 0, cost_usd: 0.003 })?.message).toContain('max_cost_usd 0.01');
    expect(budgetRefusal({ max_tokens: 10_000, max_cost_usd: 1 }, { tokens: 5000, cost_usd: 0.5 }, { tokens: 200, cost_usd: 0.003 })).toBeNull();
  });
});

describe('generate handler under a run budget', () => {
  it('counts provider calls in the run spend and refuses the call that could cross max_tokens, without calling the provider', async () => {
    const { ask, provider, spend, records } = setup();
    const first = await ask({ budget: { max_tokens: 10_000 } });
    if (!first.ok) throw new Error(first.error.message);
    const spent = spend.spentOf('run-1')!;
    expect(spent.tokens).toBe(first.result.usage.tokens_in + first.result.usage.tokens_out);
    expect(spent.cost_usd).toBeGreaterThan(0);
    // Each call is estimated at 102 input + 100 max_tokens = 202 tokens.
    const budget = { max_tokens: spent.tokens + 202 };
    expect((await ask({ budget })).ok).toBe(true);
    expect(provider.calls).toBe(2);
    const refused = await ask({ budget });
    expect(refused).toMatchObject({ ok: false, error: { code: 'budget_exceeded', retryable: false } });
    expect(provider.calls).toBe(2);
    expect(spend.spentOf('run-1')!.tokens).toBeLessThanOrEqual(budget.max_tokens);
    expect(records.at(-1)).toMatchObject({ status: 'error', attempts: 0, tokens_in: 0, tokens_out: 0 });
  });

  it('refuses by max_cost_usd, and lets cache hits through for free', async () => {
    const { ask, provider, spend } = setup();
    const same = { request_id: 'same', messages: [{ role: 'user', content: 'x'.repeat(408) }] };
    expect((await ask({ ...same, budget: { max_cost_usd: 1 } })).ok).toBe(true);
    const afterOne = spend.spentOf('run-1')!;
    // Estimate: 102 tokens in at $10/M + 100 out at $20/M = $0.00302; the budget leaves less than that.
    const budget = { max_cost_usd: afterOne.cost_usd + 0.003 };
    expect((await ask({ ...same, budget })).ok).toBe(true); // a cache hit: no spend, no check
    expect(spend.spentOf('run-1')).toEqual(afterOne);
    expect(await ask({ budget })).toMatchObject({ ok: false, error: { code: 'budget_exceeded' } });
    expect(provider.calls).toBe(1);
  });

  it('ignores spend without a budget, and a spend store that cannot be read is a retryable budget_unavailable', async () => {
    const { ask, spend } = setup();
    expect((await ask()).ok).toBe(true);
    expect(spend.records.size).toBe(0);
    spend.failing = true;
    expect(await ask({ budget: { max_tokens: 10_000 } })).toMatchObject({ ok: false, error: { code: 'budget_unavailable', retryable: true } });
  });
});
