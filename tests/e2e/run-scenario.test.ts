import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { RunEvent } from '@scrai/contracts';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';

/** A run's log without what depends on the wall clock (event times, the deadline) or the run id. */
const transcript = (events: RunEvent[]) =>
  events.map((e) => {
    const { deadline_at: _deadline, ...payload } = e.payload as Record<string, unknown>;
    return { seq: e.seq, type: e.type, agent_id: e.agent_id, payload };
  });

describe('a scenario end to end: seven services as separate processes, real NATS, real Postgres', () => {
  let fx: StackFixture;

  beforeAll(async () => {
    fx = await startStackFixture({ name: 'e2e-run' });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
  });

  it('runs every service as its own OS process and reports all seven healthy', async () => {
    const pids = fx.stack.processes.map((p) => p.pid);
    expect(fx.stack.processes.map((p) => p.name).sort()).toEqual(
      ['engine-actor', 'engine-analyst', 'engine-narrator', 'gateway', 'llm-gateway', 'orchestrator', 'persistence'],
    );
    expect(new Set(pids).size).toBe(7);
    const res = await fetch(`${fx.baseUrl}/api/v1/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: Record<string, { ready: boolean }> };
    expect(Object.values(body.services).every((s) => s.ready)).toBe(true);
    expect(Object.keys(body.services)).toHaveLength(7);
  });

  it('runs the shipped town-hall debate to completion and stores its transcript in Postgres', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 42 } });
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    expect(run.status).toBe('completed');

    const events = await fx.client.allEvents(id);
    expect(events.length).toBe(run.event_count);
    const turns = events.filter((e) => e.type === 'actor.turn');
    expect(run.turn_count).toBe(turns.length);
    expect(turns.length).toBeGreaterThanOrEqual(3);
    expect(turns.length).toBeLessThanOrEqual(12);
    const end = events.at(-1)!.payload as { reason: string; turns: number };
    expect(end.turns).toBe(turns.length);
    expect(end.reason === 'max_turns' ? turns.length === 12 : ['narrator_concluded', 'all_actors_done'].includes(end.reason)).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events[0]!.type).toBe('run.started');
    expect(events[1]!.type).toBe('scene.opened');
    expect(events.at(-1)!.type).toBe('run.completed');

    const started = events[0]!.payload as { agents: Array<{ id: string; engine_type: string }> };
    const actors = started.agents.filter((a) => a.engine_type === 'actor').map((a) => a.id);
    expect(actors.length).toBe(3);
    const speakers = new Set(events.filter((e) => e.type === 'actor.turn').map((e) => e.agent_id));
    for (const a of actors) expect(speakers.has(a)).toBe(true);
    const report = events.find((e) => e.type === 'analysis.report');
    expect(report).toBeDefined();
    expect(String(report!.payload.report).length).toBeGreaterThan(100);
    expect(events.filter((e) => e.type === 'analysis.checkpoint').length).toBeGreaterThanOrEqual(1);

    // the same rows are in Postgres, written by the persistence service
    const db = new pg.Client({ connectionString: fx.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ seq: number; type: string }>('SELECT seq, type FROM events WHERE run_id = $1 ORDER BY seq', [id]);
      expect(rows.rows.map((r) => r.seq)).toEqual(events.map((e) => e.seq));
      const calls = await db.query<{ n: string }>('SELECT count(*) AS n FROM llm_calls WHERE run_id = $1', [id]);
      const tasks = events.filter((e) => ['scene.opened', 'actor.turn', 'round.resolved', 'analysis.checkpoint', 'analysis.report'].includes(e.type)).length;
      // llm call records arrive on their own stream: give persistence a moment
      for (let i = 0; i < 50 && Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM llm_calls WHERE run_id = $1', [id])).rows[0]!.n) < tasks; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const after = await db.query<{ n: string }>('SELECT count(*) AS n FROM llm_calls WHERE run_id = $1', [id]);
      expect(Number(after.rows[0]!.n)).toBeGreaterThanOrEqual(tasks);

      // the usage endpoint adds the same records up, per agent and per model
      const usage = await fx.client.getUsage(id);
      const sums = await db.query<{ n: string; tin: string; tout: string }>(
        'SELECT count(*) AS n, sum(tokens_in) AS tin, sum(tokens_out) AS tout FROM llm_calls WHERE run_id = $1',
        [id],
      );
      expect(usage.totals).toMatchObject({ calls: Number(sums.rows[0]!.n), tokens_in: Number(sums.rows[0]!.tin), tokens_out: Number(sums.rows[0]!.tout), cost_usd: null });
      for (const a of actors) expect(usage.by_agent.find((u) => u.agent_id === a)?.calls).toBeGreaterThan(0);
      expect(usage.by_agent.reduce((n, u) => n + u.calls, 0)).toBe(usage.totals.calls);
      expect(usage.by_model).toEqual([expect.objectContaining({ provider: 'mock', model: 'mock-1', calls: usage.totals.calls })]);
      await expect(fx.client.getUsage('00000000-0000-4000-8000-0000000000aa')).rejects.toMatchObject({ status: 404 });
      expect(calls.rows).toBeDefined();
    } finally {
      await db.end();
    }
  });

  it('gives two runs with the same seed identical transcripts, and a different seed a different one', async () => {
    // cache off: the second run must be computed again, not answered from the first one's cache
    const a = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 7, llm_cache: 'off' } });
    const b = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 7, llm_cache: 'off' } });
    const c = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 8, llm_cache: 'off' } });
    for (const r of [a, b, c]) expect((await fx.client.waitForRun(r.id, { timeoutMs: 60_000 })).status).toBe('completed');
    const [ea, eb, ec] = await Promise.all([a, b, c].map((r) => fx.client.allEvents(r.id)));
    expect(transcript(eb!)).toEqual(transcript(ea!));
    expect(transcript(ec!)).not.toEqual(transcript(ea!));
  });

  it('runs the simultaneous negotiation: actors act in parallel, the narrator resolves each round', async () => {
    const { id } = await fx.client.createRun({ scenario: 'two-party-negotiation' });
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    expect(run.status).toBe('completed');
    const events = await fx.client.allEvents(id);
    const types = events.map((e) => e.type);
    expect(types).toContain('round.resolved');
    // each round's actor turns come as a block before its resolution
    const firstResolution = types.indexOf('round.resolved');
    expect(types.slice(2, firstResolution).every((t) => t === 'actor.turn')).toBe(true);
    expect(firstResolution - 2).toBe(2);
  });

  it('streams a run live over SSE until its terminal event', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 3 } });
    const seen: RunEvent[] = [];
    for await (const e of fx.client.streamEvents(id)) seen.push(e);
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.at(-1)!.type).toBe('run.completed');
    await fx.client.waitForRun(id, { timeoutMs: 30_000 }); // persistence may trail the live log by a moment
    const stored = await fx.client.allEvents(id);
    expect(seen.map((e) => e.id)).toEqual(stored.map((e) => e.id));
  });

  it('stops a running run (202), then refuses a second stop with 409', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { max_turns: 100_000, seed: 5 } });
    await new Promise((r) => setTimeout(r, 300));
    await fx.client.stopRun(id);
    const run = await fx.client.waitForRun(id, { timeoutMs: 30_000 });
    expect(run.status).toBe('stopped');
    expect(run.turn_count).toBeLessThan(100_000);
    await expect(fx.client.stopRun(id)).rejects.toMatchObject({ status: 409 });
  });

  it('enforces timeout_seconds: a run that cannot finish in time completes with reason timeout', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { max_turns: 1_000_000, timeout_seconds: 2, seed: 11 } });
    const run = await fx.client.waitForRun(id, { timeoutMs: 30_000 });
    expect(run.status).toBe('completed');
    expect(run.end_reason).toBe('timeout');
  });

  it('answers 404 for an unknown run and 400 with the field path for a bad body', async () => {
    const res = await fetch(`${fx.baseUrl}/api/v1/runs/00000000-0000-4000-8000-00000000abcd`);
    expect(res.status).toBe(404);
    const bad = await fetch(`${fx.baseUrl}/api/v1/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'town-hall-debate', overrides: { max_turns: -3 } }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; details: Array<{ path: string }> };
    expect(body.error).toBe('bad_request');
    expect(body.details.map((d) => d.path)).toContain('overrides.max_turns');
    const unknown = await fetch(`${fx.baseUrl}/api/v1/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'no-such-scenario' }),
    });
    expect(unknown.status).toBe(404);
  });
});
