import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { waitUntil } from '../harness/wait-until.js';

const MAX_TOKENS = 3000;

/**
 * Budget (issue 4 point 7): a run with `budget.max_tokens` stops with status `budget_exceeded`
 * before the call that would cross it. The llm-gateway refuses that call (no provider call), the
 * engine reports it, and the run ends with `run.budget_exceeded`; what its provider calls spent stays
 * within the budget.
 */
describe('budget: a run stops before the LLM call that would cross its budget', () => {
  let fx: StackFixture;

  beforeAll(async () => {
    fx = await startStackFixture({ name: 'e2e-budget' });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
  });

  it(`ends the town-hall debate with status budget_exceeded within max_tokens ${MAX_TOKENS}`, async () => {
    // cache off: every call is a provider call that counts against the budget
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 8128, llm_cache: 'off', budget: { max_tokens: MAX_TOKENS } } });
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    expect(run).toMatchObject({ status: 'budget_exceeded', end_reason: 'budget_exceeded' });
    expect(run.error).toMatch(/budget would be crossed .*max_tokens 3000/);

    const events = await fx.client.allEvents(id);
    expect(events.at(-1)).toMatchObject({ type: 'run.budget_exceeded', payload: { turns: run.turn_count } });
    expect(events.some((e) => e.type === 'actor.turn')).toBe(true);

    // the refused call is recorded (attempts 0); once it is stored, so are the calls before it
    type Row = { tokens: number; status: string; error: string | null; attempts: number };
    const rows = await waitUntil('the refused call in llm_calls', async () => {
      const r = await fx.query<Row>('SELECT tokens_in + tokens_out AS tokens, status, error, attempts FROM llm_calls WHERE run_id = $1 ORDER BY at', [id]);
      return r.some((x) => x.status === 'error') ? r : null;
    }, { timeoutMs: 10_000 });
    const refused = rows.filter((r) => r.status === 'error');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((r) => r.attempts === 0 && /^budget_exceeded: /.test(r.error ?? ''))).toBe(true);
    const spent = rows.filter((r) => r.status === 'ok').reduce((s, r) => s + Number(r.tokens), 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(MAX_TOKENS);
  });
});
