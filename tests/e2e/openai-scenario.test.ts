import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent, UsageTotals } from '@scrai/contracts';
import type { FakeServer } from '../../libs/llm/test/fake-servers/fake-http-server.js';
import { startFakeOpenAi } from '../../libs/llm/test/fake-servers/fake-openai-server.js';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { waitUntil } from '../harness/wait-until.js';

const KEY_VAR = 'SCRAI_TEST_FAKE_OPENAI_KEY';
const DUMMY_KEY = 'sk-test-dummy-key';
/** $2 and $8 per million tokens in and out. */
const PRICE = { in: 2, out: 8 };

/** What must be equal between a run and its replay: the transcript without ids, times and deadlines. */
const transcriptOf = (events: RunEvent[]) =>
  events.map((e) => {
    const { deadline_at: _deadline, ...payload } = e.payload as Record<string, unknown>;
    return { type: e.type, agent_id: e.agent_id, payload };
  });

interface CallRow {
  agent_id: string | null;
  provider: string;
  model: string;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number | null;
  attempts: number;
  cached: boolean;
  status: string;
}

/** The totals the usage endpoint must report for a set of llm_calls rows, summed here row by row. */
function sumOf(rows: CallRow[]): Pick<UsageTotals, 'calls' | 'attempts' | 'failed_calls' | 'cached_calls' | 'tokens_in' | 'tokens_out'> & { cost_usd: number } {
  return {
    calls: rows.length,
    attempts: rows.reduce((s, r) => s + r.attempts, 0),
    failed_calls: rows.filter((r) => r.status === 'error').length,
    cached_calls: rows.filter((r) => r.cached).length,
    tokens_in: rows.reduce((s, r) => s + r.tokens_in, 0),
    tokens_out: rows.reduce((s, r) => s + r.tokens_out, 0),
    cost_usd: rows.reduce((s, r) => s + (r.cost_usd ?? 0), 0),
  };
}

const groupBy = <K extends string>(rows: CallRow[], key: (r: CallRow) => K): Map<K, CallRow[]> => {
  const out = new Map<K, CallRow[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
};

/**
 * Issue 4 "done means": a scenario whose agents all use provider `openai` runs to completion through
 * the real `openai` client against a fake OpenAI server on loopback (it answers like the
 * deterministic mock, so JSON-schema requests get schema-valid JSON); every call is recorded in
 * Postgres with provider, tokens and cost; the usage endpoint's totals per agent and per model are
 * the sums of those rows; and a replay of the run reproduces its transcript without a single request
 * to the provider.
 */
describe('a scenario on provider openai (fake OpenAI server, whole stack)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrai-e2e-openai-'));
  let fake: FakeServer;
  let fx: StackFixture;

  beforeAll(async () => {
    fake = await startFakeOpenAi({ mockAnswers: true });
    const configPath = join(dir, 'llm.yaml');
    writeFileSync(
      configPath,
      `providers:
  openai: { kind: openai, base_url: "${fake.url}", api_key_env: ${KEY_VAR}, timeout_ms: 10000 }
models:
  openai/gpt-test: { price_in_per_million: ${PRICE.in}, price_out_per_million: ${PRICE.out}, context_window: 16000 }
retry: { max_attempts: 3, initial_delay_ms: 50, max_delay_ms: 200 }
`,
    );
    fx = await startStackFixture({ name: 'e2e-openai', env: { SCRAI_LLM_CONFIG: configPath, [KEY_VAR]: DUMMY_KEY } });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rowsOf = (runId: string): Promise<CallRow[]> =>
    fx.query<CallRow>('SELECT agent_id, provider, model, tokens_in, tokens_out, cost_usd, attempts, cached, status FROM llm_calls WHERE run_id = $1 ORDER BY at', [runId]);

  it('completes through the openai client, records tokens and cost per call, sums them in the usage, and replays with zero provider requests', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 31, llm: { provider: 'openai', model: 'gpt-test' } } });
    const run = await fx.client.waitForRun(id, { timeoutMs: 90_000 });
    expect(run).toMatchObject({ status: 'completed' });
    const events = await fx.client.allEvents(id);
    expect(events.filter((e) => e.type === 'actor.turn').length).toBeGreaterThan(0);

    // Every provider request went through the real openai client with the configured key and model.
    const requests = fake.count;
    expect(requests).toBeGreaterThan(0);
    expect(fake.requests.every((r) => r.path === '/chat/completions' && r.headers.authorization === `Bearer ${DUMMY_KEY}` && r.body['model'] === 'gpt-test')).toBe(true);
    expect(fake.requests.some((r) => (r.body['response_format'] as { type?: string } | undefined)?.type === 'json_schema')).toBe(true);

    // Records reach Postgres on their own stream: wait until every provider request has its row.
    const rows = await waitUntil(
      `llm_calls rows for the ${requests} provider requests`,
      async () => {
        const r = await rowsOf(id);
        return r.reduce((s, x) => s + x.attempts, 0) >= requests ? r : null;
      },
      { stack: fx.stack },
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r).toMatchObject({ provider: 'openai', model: 'gpt-test', status: 'ok' });
      if (r.cached) continue;
      expect(r.tokens_in).toBeGreaterThan(0);
      expect(r.tokens_out).toBeGreaterThan(0);
      expect(r.cost_usd).toBeCloseTo((r.tokens_in * PRICE.in + r.tokens_out * PRICE.out) / 1_000_000, 12);
      expect(r.cost_usd).toBeGreaterThan(0);
    }
    // One provider request per attempt of an uncached call, none for a cache hit.
    expect(rows.filter((r) => !r.cached).reduce((s, r) => s + r.attempts, 0)).toBe(requests);

    // The usage endpoint: totals, per agent and per model, equal to the rows summed here.
    const usage = await fx.client.getUsage(id);
    process.stderr.write(
      `[openai scenario] ${run.turn_count} turns, ${requests} requests at the fake, ${rows.length} calls, ${usage.totals.tokens_in}+${usage.totals.tokens_out} tokens, ${usage.totals.cost_usd} USD\n`,
    );
    const expectTotals = (got: UsageTotals, want: ReturnType<typeof sumOf>) => {
      const { cost_usd, ...counts } = want;
      expect(got).toMatchObject(counts);
      expect(got.cost_usd).toBeCloseTo(cost_usd, 10);
    };
    expectTotals(usage.totals, sumOf(rows));
    expect(usage.totals.cost_usd).toBeGreaterThan(0);
    const byAgent = groupBy(rows, (r) => r.agent_id ?? '');
    expect(usage.by_agent.map((a) => a.agent_id ?? '').sort()).toEqual([...byAgent.keys()].sort());
    // the five agents of the town hall each made calls
    expect(byAgent.size).toBe(5);
    for (const a of usage.by_agent) expectTotals(a, sumOf(byAgent.get(a.agent_id ?? '')!));
    expect(usage.by_model.map((m) => `${m.provider}/${m.model}`)).toEqual(['openai/gpt-test']);
    expectTotals(usage.by_model[0]!, sumOf(rows));

    // Replay: the same transcript from the LLM cache alone, not one request to the provider.
    const replay = await fx.client.replayRun(id);
    const replayed = await fx.client.waitForRun(replay.id, { timeoutMs: 90_000 });
    expect(replayed).toMatchObject({ status: 'completed', seed: run.seed, turn_count: run.turn_count });
    expect(transcriptOf(await fx.client.allEvents(replay.id))).toEqual(transcriptOf(events));
    expect(fake.count).toBe(requests);
    const replayRows = await waitUntil(
      'llm_calls rows of the replay',
      async () => {
        const r = await rowsOf(replay.id);
        return r.length >= rows.length ? r : null;
      },
      { stack: fx.stack },
    );
    expect(replayRows.every((r) => r.cached && r.attempts === 0 && r.provider === 'openai')).toBe(true);
  });
});
