import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { llmRequestSchema, parseLlmConfig, type LlmBudget, type LlmRequest } from '@scrai/contracts';
import { createLogger } from '@scrai/observability';
import { testNatsUrl } from '../../../tests/harness/test-namespace.js';
import { callEstimate } from '../src/budget-check.js';
import { budgetedCall, type BudgetedCallDeps } from '../src/budgeted-call.js';
import { callCostUsd } from '../src/call-cost.js';
import type { CallOutcome } from '../src/call-record.js';
import { openSpendBucket } from '../src/open-spend-bucket.js';
import { kvSpendStore, type SpendStore } from '../src/run-spend.js';
import { spendRecordSchema, type SpendRecord } from '../src/spend-record.js';

const log = createLogger({ service: 'llm-gateway', instanceId: 'test', level: 'silent' });
/** $10 and $20 per million tokens in and out. */
const config = parseLlmConfig(
  JSON.stringify({
    providers: { openai: { kind: 'openai', base_url: 'http://127.0.0.1:9' } },
    models: { 'openai/gpt-x': { price_in_per_million: 10, price_out_per_million: 20, context_window: 8000 } },
  }),
  'json',
);
const MAX_TOKENS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const requestOf = (runId: string, budget: LlmBudget, n: number): LlmRequest =>
  llmRequestSchema.parse({
    request_id: `req-${n}`,
    run_id: runId,
    provider: 'openai',
    model: 'gpt-x',
    messages: [{ role: 'user', content: `Question ${String(n).padStart(2, '0')}: ${'x'.repeat(388)}` }],
    max_tokens: MAX_TOKENS,
    budget,
  });

/** Every request above has the same estimate: ~100 input tokens + max_tokens. */
const ESTIMATE = callEstimate(config, requestOf('r', { max_tokens: 1 }, 0));

/**
 * A stand-in provider call that takes `ms`, counts the calls in flight at once and answers with
 * `fraction` of the estimate as its usage (1: exactly the estimate).
 */
function fakeProvider(o: { ms: number; fraction: number }) {
  const p = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const call = async (): Promise<CallOutcome> => {
    p.calls++;
    p.maxInFlight = Math.max(p.maxInFlight, ++p.inFlight);
    await sleep(o.ms);
    p.inFlight--;
    const tokensOut = Math.round(MAX_TOKENS * o.fraction);
    const usage = { tokens_in: Math.round((ESTIMATE.tokens - MAX_TOKENS) * o.fraction), tokens_out: tokensOut };
    return {
      ok: true,
      attempts: 1,
      costUsd: callCostUsd(config, 'openai', 'gpt-x', usage),
      result: { text: 'ok', tool_calls: [], finish_reason: 'stop', raw_finish_reason: 'stop', usage, provider: 'openai', model: 'gpt-x', provider_request_id: null, latency_ms: o.ms, cached: false },
    };
  };
  return Object.assign(p, { call });
}

/**
 * Budget reservations against a real KV bucket on the running nats-server: each call reserves its
 * estimate by compare-and-set before the provider call, so parallel calls of one run (also through
 * two "replicas", i.e. two connections) cannot overshoot the budget together; a failure releases
 * its hold; an expired hold (a crashed gateway's) stops counting.
 */
describe('run budget reservations in the spend bucket (real nats-server)', () => {
  const bucket = `t-${randomBytes(4).toString('hex')}-llm-spend`;
  const conns: NatsConnection[] = [];
  let kv: KV;
  let stores: SpendStore[];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) conns.push(await connect({ servers: testNatsUrl(), name: `llm-gateway-${i}` }));
    kv = await openSpendBucket(conns[0]!, bucket);
    stores = [kvSpendStore(kv), kvSpendStore(await openSpendBucket(conns[1]!, bucket))];
  });

  afterAll(async () => {
    await kv?.destroy().catch(() => undefined);
    for (const nc of conns) await nc.close();
  });

  const deps = (i: number, over: Partial<BudgetedCallDeps> = {}): BudgetedCallDeps => ({ spend: stores[i % 2]!, config, log, ...over });
  const recordOf = async (runId: string): Promise<SpendRecord> => spendRecordSchema.parse((await kv.get(runId))!.json());
  const newRun = () => `run-${randomBytes(4).toString('hex')}`;

  it('lets through only as many of 10 parallel calls as the budget holds, each of which would fit alone', async () => {
    const runId = newRun();
    // Room for 3.5 estimates: any one call fits, three fit together, the fourth does not.
    const budget = { max_tokens: Math.floor(ESTIMATE.tokens * 3.5) };
    const provider = fakeProvider({ ms: 150, fraction: 1 });
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => budgetedCall(deps(i), requestOf(runId, budget, i), provider.call, () => 0)));

    expect(provider.calls).toBe(3);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused).toHaveLength(7);
    for (const o of refused) expect(o).toMatchObject({ ok: false, attempts: 0, error: { code: 'budget_exceeded', retryable: false } });
    const rec = await recordOf(runId);
    expect(rec).toEqual({ tokens: 3 * ESTIMATE.tokens, cost_usd: expect.any(Number), holds: {} });
    expect(rec.tokens).toBeLessThanOrEqual(budget.max_tokens);
    expect(rec.cost_usd).toBeCloseTo(3 * ESTIMATE.cost_usd, 12);
  });

  it('never has more calls in flight than the budget holds, and lets waiting calls through as the finished ones spend less than reserved', async () => {
    const runId = newRun();
    const budget = { max_tokens: Math.floor(ESTIMATE.tokens * 3.5) };
    // Each call spends half its estimate: once k calls finished, another fits while k/2 + 1 ≤ 3.5 estimates.
    const provider = fakeProvider({ ms: 100, fraction: 0.5 });
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => budgetedCall(deps(i), requestOf(runId, budget, i), provider.call, () => 0)));

    expect(provider.maxInFlight).toBeLessThanOrEqual(3);
    // More than 3 went through (waiters got in once holds became smaller actual spend), but not all 10.
    const ok = outcomes.filter((o) => o.ok).length;
    expect(ok).toBe(provider.calls);
    expect(ok).toBeGreaterThan(3);
    expect(ok).toBeLessThan(10);
    const rec = await recordOf(runId);
    expect(rec.holds).toEqual({});
    expect(rec.tokens).toBeLessThanOrEqual(budget.max_tokens);
    for (const o of outcomes.filter((x) => !x.ok)) expect(o).toMatchObject({ error: { code: 'budget_exceeded' } });
  });

  it('releases the hold of a failed call (an error outcome or a throw): the budget is whole again', async () => {
    const runId = newRun();
    const budget = { max_tokens: ESTIMATE.tokens };
    const failed: CallOutcome = { ok: false, error: { code: 'provider_error', message: 'boom', retryable: false, retry_after_ms: null }, latencyMs: 1, attempts: 3 };
    expect(await budgetedCall(deps(0), requestOf(runId, budget, 1), async () => failed, () => 0)).toBe(failed);
    expect(await recordOf(runId)).toEqual({ tokens: 0, cost_usd: 0, holds: {} });
    await expect(budgetedCall(deps(1), requestOf(runId, budget, 2), () => Promise.reject(new Error('crash in the call')), () => 0)).rejects.toThrow('crash in the call');
    expect(await recordOf(runId)).toEqual({ tokens: 0, cost_usd: 0, holds: {} });
    // The whole budget is still there for a call that needs all of it.
    const provider = fakeProvider({ ms: 1, fraction: 1 });
    expect((await budgetedCall(deps(0), requestOf(runId, budget, 3), provider.call, () => 0)).ok).toBe(true);
    expect(await recordOf(runId)).toMatchObject({ tokens: ESTIMATE.tokens, holds: {} });
  });

  it("ignores an expired hold (a crashed gateway's) and removes it; a live one makes a crowded call wait, then answer retryable", async () => {
    const runId = newRun();
    const budget = { max_tokens: ESTIMATE.tokens * 2 };
    const hold = (expiresAt: number) => ({ tokens: ESTIMATE.tokens * 2, cost_usd: 0, expires_at_ms: expiresAt });
    // A crashed gateway's hold of the whole budget, expired a second ago.
    await kv.put(runId, JSON.stringify({ tokens: 0, cost_usd: 0, holds: { 'crashed:1': hold(Date.now() - 1000) } }));
    const provider = fakeProvider({ ms: 1, fraction: 1 });
    expect((await budgetedCall(deps(0), requestOf(runId, budget, 1), provider.call, () => 0)).ok).toBe(true);
    expect(await recordOf(runId)).toEqual({ tokens: ESTIMATE.tokens, cost_usd: ESTIMATE.cost_usd, holds: {} });

    // A live hold (a call still in flight elsewhere) leaves no room: the call waits, then gives up retryable.
    const expiresAt = Date.now() + 60_000;
    await kv.put(runId, JSON.stringify({ tokens: ESTIMATE.tokens, cost_usd: ESTIMATE.cost_usd, holds: { 'busy:1': hold(expiresAt) } }));
    const t0 = Date.now();
    const crowded = await budgetedCall(deps(1, { holdWaitMs: 300 }), requestOf(runId, budget, 2), provider.call, () => 0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(crowded).toMatchObject({ ok: false, attempts: 0, error: { code: 'budget_unavailable', retryable: true } });
    if (crowded.ok) throw new Error('unreachable');
    expect(crowded.error.retry_after_ms).toBeGreaterThan(55_000);
    expect(crowded.error.retry_after_ms).toBeLessThanOrEqual(60_000);
    expect(provider.calls).toBe(1);

    // The same hold expiring while the call waits: the call goes through once it has expired.
    await kv.put(runId, JSON.stringify({ tokens: ESTIMATE.tokens, cost_usd: ESTIMATE.cost_usd, holds: { 'crashed:2': hold(Date.now() + 400) } }));
    const t1 = Date.now();
    expect((await budgetedCall(deps(0, { holdWaitMs: 5000 }), requestOf(runId, budget, 3), provider.call, () => 0)).ok).toBe(true);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(350);
    expect(await recordOf(runId)).toEqual({ tokens: 2 * ESTIMATE.tokens, cost_usd: expect.any(Number), holds: {} });
  });

  it('reads a record written before holds existed ({tokens, cost_usd}) and keeps counting on it', async () => {
    const runId = newRun();
    await kv.put(runId, JSON.stringify({ tokens: 50, cost_usd: 0.5 }));
    const provider = fakeProvider({ ms: 1, fraction: 1 });
    expect(await budgetedCall(deps(0), requestOf(runId, { max_tokens: 50 + ESTIMATE.tokens - 1 }, 1), provider.call, () => 0)).toMatchObject({ ok: false, error: { code: 'budget_exceeded' } });
    expect((await budgetedCall(deps(0), requestOf(runId, { max_tokens: 50 + ESTIMATE.tokens }, 2), provider.call, () => 0)).ok).toBe(true);
    expect(await recordOf(runId)).toMatchObject({ tokens: 50 + ESTIMATE.tokens, holds: {} });
  });
});
