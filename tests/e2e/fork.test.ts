import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunEvent } from '@scrai/contracts';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { waitUntil } from '../harness/wait-until.js';

/** What must be equal between a run and its fork before the fork point: the transcript without ids, times and deadlines. */
const transcriptOf = (events: RunEvent[]) =>
  events.map((e) => {
    const { deadline_at: _deadline, ...payload } = e.payload as Record<string, unknown>;
    return { type: e.type, agent_id: e.agent_id, payload };
  });

/** The events up to and including the n-th actor turn. */
const throughTurn = (events: RunEvent[], n: number): RunEvent[] => {
  const i = events.filter((e) => e.type === 'actor.turn')[n - 1];
  return i ? events.slice(0, events.indexOf(i) + 1) : events;
};

interface CallRow {
  id: string;
  cached: boolean;
  attempts: number;
  status: string;
}

/** The task seq of an llm_calls row: its id is `<run id>:<task seq>:d<delivery>:a<attempt>`. */
const taskSeqOfCall = (runId: string, callId: string) => Number(callId.slice(runId.length + 1).split(':')[0]);

/**
 * Fork (issue 4 point 6): POST /runs/{id}/fork {from_turn, overrides} makes a new run whose first
 * from_turn turns are the source's, served from the llm-gateway's shared cache (zero provider attempts,
 * as stored in Postgres), after which the overrides take effect and the transcript goes its own way.
 */
describe('fork: a run continued from a turn with changes', () => {
  let fx: StackFixture;

  beforeAll(async () => {
    fx = await startStackFixture({ name: 'e2e-fork' });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
  });

  const callsOf = (runId: string): Promise<CallRow[]> => fx.query<CallRow>('SELECT id, cached, attempts, status FROM llm_calls WHERE run_id = $1', [runId]);

  it('reuses the first 3 turns from the LLM cache, then continues with the changed activist', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 42 } });
    const source = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    expect(source.status).toBe('completed');
    expect(source.turn_count).toBeGreaterThan(3);
    const sourceEvents = await fx.client.allEvents(id);

    const persona = { role: 'Retired judge who wants every number audited', goals: ['Demand an independent audit before any vote'] };
    const { id: forkId } = await fx.client.forkRun(id, { from_turn: 3, overrides: { agents: { activist: { persona } } } });
    expect(forkId).not.toBe(id);
    const forked = await fx.client.waitForRun(forkId, { timeoutMs: 60_000 });
    expect(forked).toMatchObject({ status: 'completed', name: `fork of ${id} at turn 3`, seed: source.seed });
    expect(await fx.client.getRunSpec(forkId)).toMatchObject({
      scenario: { llm_cache: 'read_write' },
      fork: { source_run_id: id, from_turn: 3, changes: [{ from_turn: 3, agents: { activist: { persona } } }] },
    });

    // the start, the opening and the first three turns are the source's
    const forkEvents = await fx.client.allEvents(forkId);
    const before = throughTurn(forkEvents, 3);
    expect(before.filter((e) => e.type === 'actor.turn')).toHaveLength(3);
    expect(transcriptOf(before)).toEqual(transcriptOf(throughTurn(sourceEvents, 3)));
    // after them the transcript differs (the activist speaks as someone else, and everyone hears it)
    expect(transcriptOf(forkEvents.slice(before.length))).not.toEqual(transcriptOf(sourceEvents.slice(before.length)));
    const activistTurns = (events: RunEvent[]) => events.filter((e) => e.type === 'actor.turn' && e.agent_id === 'activist').map((e) => e.payload.content);
    expect(activistTurns(forkEvents.slice(before.length))).not.toEqual(activistTurns(sourceEvents.slice(before.length)));

    // every call of the tasks before the fork point was a cache hit with no provider attempt; later ones were not all
    const taskSeqs = new Set(forkEvents.filter((e) => e.task_seq !== undefined).map((e) => e.task_seq!));
    const beforeSeqs = new Set(before.filter((e) => e.task_seq !== undefined).map((e) => e.task_seq!));
    expect(beforeSeqs.size).toBe(4); // scene.open + 3 turns
    const calls = await waitUntil(`llm_calls rows of every task of run ${forkId}`, async () => {
      const rows = await callsOf(forkId);
      const seen = new Set(rows.map((r) => taskSeqOfCall(forkId, r.id)));
      return [...taskSeqs].every((s) => seen.has(s)) ? rows : null;
    });
    const reused = calls.filter((c) => beforeSeqs.has(taskSeqOfCall(forkId, c.id)));
    const later = calls.filter((c) => !beforeSeqs.has(taskSeqOfCall(forkId, c.id)));
    expect(reused.length).toBeGreaterThanOrEqual(4);
    expect(reused.every((c) => c.status === 'ok' && c.cached && c.attempts === 0)).toBe(true);
    expect(later.some((c) => c.status === 'ok' && !c.cached && c.attempts >= 1)).toBe(true);
  });

  it('refuses an unknown run (404), a bad body (400 naming the field) and a fork point the run has not reached (409)', async () => {
    await expect(fx.client.forkRun('00000000-0000-4000-8000-0000000000aa', { from_turn: 0 })).rejects.toMatchObject({ status: 404 });

    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 7 } });
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    await expect(fx.client.forkRun(id, { from_turn: -1 })).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ path: 'from_turn' })] });
    await expect(fx.client.forkRun(id, { from_turn: 1, overrides: { agents: { mayor: { llm: { temperature: 5 } } } } })).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ path: 'overrides.agents.mayor.llm.temperature' })],
    });
    await expect(fx.client.forkRun(id, { from_turn: 1, overrides: { agents: { ghost: {} } } })).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'overrides.agents.ghost', message: expect.stringMatching(/no agent "ghost"/) }],
    });
    await expect(fx.client.forkRun(id, { from_turn: 2, overrides: { max_turns: 2 } })).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ path: 'overrides.max_turns' })] });
    await expect(fx.client.forkRun(id, { from_turn: run.turn_count + 1 })).rejects.toMatchObject({
      status: 409,
      message: `run ${id} has ${run.turn_count} turns; from_turn must be at most ${run.turn_count}`,
    });
  });
});
