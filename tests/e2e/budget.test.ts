import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';

const MAX_TOKENS = 3000;

/**
 * Budget (issue 4 point 7): a run with `budget.max_tokens` stops with status `budget_exceeded`
 * before the call that would cross it. The llm-gateway refuses that call (no provider call), the
 * engine reports it, and the run ends with `run.budget_exceeded`; what its provider calls spent stays
 * within the budget.
 */
describe('budget: a run stops before the LLM call that would cross its budget', () => {
  let fx: StackFixture;
  let db: pg.Client;

  beforeAll(async () => {
    fx = await startStackFixture({ name: 'e2e-budget' });
    db = new pg.Client({ connectionString: fx.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
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
    let rows: { tokens: number; status: string; error: string | null; attempts: number }[] = [];
    for (let i = 0; i < 100; i++) {
      rows = (await db.query('SELECT tokens_in + tokens_out AS tokens, status, error, attempts FROM llm_calls WHERE run_id = $1 ORDER BY at', [id])).rows;
      if (rows.some((r) => r.status === 'error')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const refused = rows.filter((r) => r.status === 'error');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((r) => r.attempts === 0 && /^budget_exceeded: /.test(r.error ?? ''))).toBe(true);
    const spent = rows.filter((r) => r.status === 'ok').reduce((s, r) => s + Number(r.tokens), 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(MAX_TOKENS);
  });
});
