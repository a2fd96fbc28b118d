import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { brokerNames, type RunEvent } from '@scrai/contracts';
import { startPrivateNats, type PrivateNats } from '@scrai/devstack';
import { repoRoot, startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { chaosScenario } from './scenario.js';
import { percentile } from './recovery-stats.js';

const TURNS = 300;
const KILLS = 24;
const NATS_RESTART_AFTER_KILL = 8;
const PG_TERMINATE_AFTER_KILL = 14;

/** Which events show that a killed service's work goes on again. */
const RECOVERED_BY: Record<string, (e: { type: string }) => boolean> = {
  'engine-actor': (e) => e.type === 'actor.turn',
  'engine-narrator': (e) => e.type === 'round.resolved' || e.type === 'scene.opened',
  'engine-analyst': (e) => e.type.startsWith('analysis.'),
  orchestrator: () => true,
  'llm-gateway': () => true,
};

const TARGETS: Array<[string, number]> = [
  ['engine-actor', 0],
  ['engine-actor', 1],
  ['engine-narrator', 0],
  ['engine-analyst', 0],
  ['orchestrator', 0],
  ['orchestrator', 1],
  ['llm-gateway', 0],
  ['persistence', 0],
];

/** A small seeded PRNG so the kill schedule is reproducible from the printed seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const comparable = (events: RunEvent[]) =>
  events.map((e) => {
    const { deadline_at: _d, ...payload } = e.payload as Record<string, unknown>;
    return { seq: e.seq, type: e.type, agent_id: e.agent_id, payload };
  });

describe('chaos: a long run survives SIGKILLs of every service, a broker restart and dropped database connections', () => {
  let nats: PrivateNats;
  let fx: StackFixture;
  let db: pg.Client;
  let watcher: NatsConnection;

  beforeAll(async () => {
    const dir = `${repoRoot}/var/chaos/${process.pid}`;
    mkdirSync(dir, { recursive: true });
    nats = await startPrivateNats({ dir });
    fx = await startStackFixture({
      name: 'chaos',
      natsUrl: nats.url,
      services: [
        { name: 'gateway' },
        { name: 'orchestrator', replicas: 2 },
        { name: 'engine-actor', replicas: 2 },
        { name: 'engine-narrator' },
        { name: 'engine-analyst' },
        { name: 'llm-gateway' },
        { name: 'persistence' },
      ],
      env: {
        SCRAI_MOCK_LATENCY: 'fixed:60',
        SCRAI_TASK_ACK_WAIT_MS: '1500',
        SCRAI_CMD_ACK_WAIT_MS: '1500',
        SCRAI_PERSIST_ACK_WAIT_MS: '2000',
        SCRAI_LLM_TIMEOUT_MS: '2500',
        SCRAI_TASK_MAX_DELIVER: '50',
        SCRAI_RETRY_POLICY: JSON.stringify({ max_retries: 49, initial_delay_ms: 200, max_delay_ms: 2000, multiplier: 2 }),
        LOG_LEVEL: 'warn',
      },
    });
    db = new pg.Client({ connectionString: fx.databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
    watcher = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  }, 180_000);

  afterAll(async () => {
    await watcher?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await fx?.close();
    await nats?.stop();
  });

  const storedEvents = async (runId: string): Promise<RunEvent[]> =>
    (await db.query<{ id: string; run_id: string; seq: number; type: RunEvent['type']; at: Date; agent_id: string | null; payload: Record<string, unknown> }>(
      'SELECT id, run_id, seq, type, at, agent_id, payload FROM events WHERE run_id = $1 ORDER BY seq',
      [runId],
    )).rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  const llmCalls = async (runId: string) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM llm_calls WHERE run_id = $1', [runId])).rows[0]!.n);
  const storedCount = async (runId: string) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE run_id = $1', [runId])).rows[0]!.n);

  it(`completes a ${TURNS}-turn run under ${KILLS} kills with the same transcript as a fault-free run`, async () => {
    const scenario = chaosScenario(TURNS);

    // 1. the reference: the same scenario and seed, no faults
    const ref = await fx.client.createRun({ scenario });
    expect((await fx.client.waitForRun(ref.id, { timeoutMs: 300_000 })).status).toBe('completed');
    const reference = await storedEvents(ref.id);

    // 2. the same run under faults; the LLM cache off, so it is not answered from the reference's
    //    cached answers (it would end before the kills are done) and its answers are the provider's own
    const { id } = await fx.client.createRun({ scenario, overrides: { llm_cache: 'off' } });
    const names = brokerNames(fx.namespace);
    const seen: Array<{ at: number; type: string }> = [];
    const sub = watcher.subscribe(names.subjects.eventsOfRun(id), {
      callback: (_err, m) => {
        const e = m.json<RunEvent>();
        seen.push({ at: Date.now(), type: e.type });
      },
    });

    const random = prng(20261124);
    const order = [...TARGETS];
    const kills: Array<{ service: string; instance: number; at: number; recoveredMs?: number }> = [];
    let natsRestarted = false;
    let pgTerminated = 0;
    while (kills.length < KILLS) {
      await sleep(250 + random() * 350);
      const run = await fx.client.getRun(id).catch(() => null); // 503 while persistence restarts
      if (run && run.status !== 'running' && run.status !== 'pending') {
        throw new Error(`the run ended (${run.status}) after only ${kills.length} kills; lengthen it`);
      }
      if (kills.length % order.length === 0) order.sort(() => random() - 0.5);
      const [service, instance] = order[kills.length % order.length]!;
      const at = Date.now();
      fx.stack.kill(service, instance, 'SIGKILL');
      kills.push({ service, instance, at });
      await sleep(100 + random() * 300);
      await fx.stack.restart(service, instance);
      if (kills.length === NATS_RESTART_AFTER_KILL && !natsRestarted) {
        await nats.restart();
        natsRestarted = true;
      }
      if (kills.length === PG_TERMINATE_AFTER_KILL && pgTerminated === 0) {
        const admin = new pg.Client({ connectionString: fx.databaseUrl });
        await admin.connect();
        const r = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
        pgTerminated = r.rowCount ?? 0;
        await admin.end();
        db = new pg.Client({ connectionString: fx.databaseUrl });
        db.on('error', () => undefined);
        await db.connect();
      }
    }

    const done = await fx.client.waitForRun(id, { timeoutMs: 600_000, pollMs: 500 });
    sub.unsubscribe();
    expect(done.status).toBe('completed');

    const events = await storedEvents(id);
    for (const k of kills) {
      const after = seen.find((e) => e.at > k.at && (RECOVERED_BY[k.service] ?? (() => true))(e));
      if (after) k.recoveredMs = after.at - k.at;
    }

    // nothing lost, nothing duplicated, the same transcript
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(await storedCount(id)).toBe(events.length);
    const turns = events.filter((e) => e.type === 'actor.turn').map((e) => (e.payload as { turn: number }).turn);
    expect(turns).toEqual(Array.from({ length: TURNS }, (_, i) => i + 1));
    expect(comparable(events)).toEqual(comparable(reference));

    const recovered = kills.map((k) => k.recoveredMs).filter((v): v is number => v !== undefined);
    const [refCalls, chaosCalls] = [await llmCalls(ref.id), await llmCalls(id)];
    const figures = {
      kills: kills.length,
      kills_by_service: kills.reduce<Record<string, number>>((a, k) => ({ ...a, [k.service]: (a[k.service] ?? 0) + 1 }), {}),
      nats_restarts: natsRestarted ? 1 : 0,
      pg_connections_terminated: pgTerminated,
      turns: turns.length,
      events: events.length,
      lost: 0,
      duplicated: 0,
      recovery_ms: { p50: percentile(recovered, 50), p99: percentile(recovered, 99), measured: recovered.length },
      llm_calls: { fault_free: refCalls, with_faults: chaosCalls, extra: chaosCalls - refCalls },
    };
    process.stdout.write(`\nchaos figures: ${JSON.stringify(figures)}\n`);
    expect(kills.length).toBeGreaterThanOrEqual(20);
    expect(new Set(kills.map((k) => k.service)).size).toBe(6);
  }, 900_000);
});
