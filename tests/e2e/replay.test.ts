import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunEvent } from '@scrai/contracts';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { waitUntil } from '../harness/wait-until.js';

/** What must be equal between a run and its replay: the transcript without ids, times and deadlines. */
const transcriptOf = (events: RunEvent[]) =>
  events.map((e) => {
    const { deadline_at: _deadline, ...payload } = e.payload as Record<string, unknown>;
    return { type: e.type, agent_id: e.agent_id, payload };
  });

interface CallRow {
  cached: boolean;
  attempts: number;
  status: string;
  error: string | null;
}

/**
 * Replay (issue 4 point 6): a finished run re-runs from the llm-gateway's shared cache alone. The
 * replay reproduces the transcript event for event and every one of its LLM calls is a cache hit
 * with zero provider attempts (as stored in Postgres); a run whose cache was off cannot be replayed.
 */
describe('replay: a finished run again, from the LLM cache only', () => {
  let fx: StackFixture;

  beforeAll(async () => {
    fx = await startStackFixture({ name: 'e2e-replay' });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
  });

  /** The run's llm_calls rows once `min` of them are stored (records arrive on their own stream). */
  const callsOf = (runId: string, min: number): Promise<CallRow[]> =>
    waitUntil(`${min} llm_calls rows of run ${runId}`, async () => {
      const rows = await fx.query<CallRow>('SELECT cached, attempts, status, error FROM llm_calls WHERE run_id = $1', [runId]);
      return rows.length >= min ? rows : null;
    }, { timeoutMs: 10_000 });

  it('reproduces the town-hall debate event for event with zero provider calls', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 42 } });
    const original = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    expect(original.status).toBe('completed');
    const originalEvents = await fx.client.allEvents(id);
    expect(originalEvents.length).toBeGreaterThan(10);
    const originalCalls = await callsOf(id, 1);
    expect(originalCalls.every((c) => c.status === 'ok' && !c.cached && c.attempts >= 1)).toBe(true);

    const replay = await fx.client.replayRun(id);
    expect(replay.id).not.toBe(id);
    const replayed = await fx.client.waitForRun(replay.id, { timeoutMs: 60_000 });
    expect(replayed).toMatchObject({ status: 'completed', name: `replay of ${id}`, seed: original.seed, turn_count: original.turn_count, event_count: original.event_count });
    expect(transcriptOf(await fx.client.allEvents(replay.id))).toEqual(transcriptOf(originalEvents));

    const replayCalls = await callsOf(replay.id, originalCalls.length);
    expect(replayCalls.length).toBe(originalCalls.length);
    expect(replayCalls.every((c) => c.status === 'ok' && c.cached && c.attempts === 0)).toBe(true);
    const usage = await fx.client.getUsage(replay.id);
    expect(usage.totals).toMatchObject({ calls: originalCalls.length, attempts: 0, cached_calls: originalCalls.length });
  });

  it('fails a replay of a run that ran with the cache off, naming the missing key', async () => {
    // a seed of its own: the first test's answers are in the cache
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 4711, llm_cache: 'off' } });
    expect((await fx.client.waitForRun(id, { timeoutMs: 60_000 })).status).toBe('completed');
    const { id: replayId } = await fx.client.replayRun(id);
    const replayed = await fx.client.waitForRun(replayId, { timeoutMs: 60_000 });
    expect(replayed.status).toBe('failed');
    expect(replayed.error).toMatch(/cache_miss: no cached answer for key [0-9a-f]{64}/);
    const calls = await callsOf(replayId, 1);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.status === 'error' && c.attempts === 0 && /^cache_miss/.test(c.error ?? ''))).toBe(true);
  });

  it('refuses to replay an unknown run (404) and a run that has not ended (409)', async () => {
    await expect(fx.client.replayRun('00000000-0000-4000-8000-0000000000aa')).rejects.toMatchObject({ status: 404 });
    // asked at once: the run cannot have ended within one request (it takes a dozen LLM round trips)
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 5 } });
    await expect(fx.client.replayRun(id)).rejects.toMatchObject({ status: 409 });
    await fx.client.waitForRun(id, { timeoutMs: 60_000 });
  });
});
