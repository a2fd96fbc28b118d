import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { brokerNames, eventIdOf, type RunEvent } from '@scrai/contracts';
import { closeDataSource, createDataSource, createRepositories, runMigrations, type DataSource, type Repositories } from '@scrai/db';
import { createScratchDatabase, startStack, type ScratchDatabase, type Stack } from '@scrai/devstack';
import { collectHealth, publishJson } from '@scrai/messaging';
import { repoRoot } from '../harness/stack-fixture.js';
import { deleteNamespace, testNatsUrl, testPgAdminUrl, uniqueNamespace } from '../harness/test-namespace.js';
import { waitUntil } from '../harness/wait-until.js';

const T0 = Date.parse('2026-02-01T10:00:00.000Z');

/**
 * The log of one run: run.started, actor.turn 1..n-2, then run.completed (even runs) or run.paused
 * (odd runs), so the expected row is known: n events, n-2 turns, and the status of the last event.
 */
function runLog(runId: string, n: number, index: number): RunEvent[] {
  const ev = (seq: number, type: RunEvent['type'], payload: Record<string, unknown>, agent: string | null = null): RunEvent => ({
    id: eventIdOf(runId, seq),
    run_id: runId,
    seq,
    type,
    at: new Date(T0 + seq * 1000).toISOString(),
    agent_id: agent,
    payload,
  });
  const out = [ev(1, 'run.started', { scenario_name: `scenario-${index}`, seed: index, agents: [{ id: 'mayor', engine_type: 'actor', template_name: 'mayor-budget-defender' }] })];
  for (let seq = 2; seq < n; seq++) out.push(ev(seq, 'actor.turn', { turn: seq - 1, round: 1, action: 'speak', content: `line ${seq}`, target: null, usage: null }, 'mayor'));
  out.push(index % 2 === 0 ? ev(n, 'run.completed', { reason: 'max_turns', turns: n - 2, rounds: 1 }) : ev(n, 'run.paused', { reason: 'user' }));
  return out;
}

const expectedRow = (n: number, index: number) => ({
  event_count: n,
  turn_count: n - 2,
  status: index % 2 === 0 ? 'completed' : 'paused',
  scenario_name: `scenario-${index}`,
  started_at: new Date(T0 + 1000),
});

/** A deterministic shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed;
  const rand = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function runRows(sql: pg.Client, runIds: string[]) {
  const { rows } = await sql.query(
    'SELECT id, event_count, turn_count, status, scenario_name, started_at, (SELECT count(*)::int FROM events e WHERE e.run_id = r.id) AS stored FROM runs r WHERE id = ANY($1::uuid[])',
    [runIds],
  );
  return new Map(rows.map((r) => [r.id as string, r]));
}

/**
 * Concurrent writes of the event log: transactions that touch the same runs at the same moment
 * (lanes of several replicas, redeliveries racing their originals) keep every run row exact, and a
 * database outage in the middle loses nothing and dead-letters nothing.
 */
describe('persistence writing in parallel (real Postgres, real NATS)', () => {
  describe('RunsRepository.applyEvents from concurrent transactions', () => {
    let db: ScratchDatabase;
    let ds: DataSource;
    let repos: Repositories;
    let sql: pg.Client;

    beforeAll(async () => {
      db = await createScratchDatabase(testPgAdminUrl(), 'scrai_par');
      ds = await createDataSource({ url: db.url, poolSize: 8 });
      await runMigrations(ds);
      repos = createRepositories(ds);
      sql = new pg.Client({ connectionString: db.url });
      await sql.connect();
    });

    afterAll(async () => {
      await sql?.end().catch(() => undefined);
      if (ds) await closeDataSource(ds);
      await db?.drop();
    });

    it.each([1, 2, 3])('keeps run rows exact when shuffled batches with duplicates of the same runs commit at once (seed %i)', async (seed) => {
      const n = 30;
      const runIds = Array.from({ length: 6 }, () => randomUUID());
      const logs = runIds.map((id, i) => runLog(id, n, i));
      const all = logs.flat();
      const withDuplicates = shuffled([...all, ...shuffled(all, seed + 100).slice(0, all.length / 3)], seed);
      const batches: RunEvent[][] = [];
      for (let i = 0; i < withDuplicates.length; i += 10) batches.push(withDuplicates.slice(i, i + 10));

      const results = await Promise.all(batches.map((b) => repos.runs.applyEvents(b)));

      expect(results.reduce((s, r) => s + r.inserted, 0)).toBe(all.length);
      expect(results.reduce((s, r) => s + r.duplicates, 0)).toBe(withDuplicates.length - all.length);
      expect(new Set(results.flatMap((r) => r.runs_created)).size).toBe(runIds.length);
      const rows = await runRows(sql, runIds);
      runIds.forEach((id, i) => expect(rows.get(id)).toMatchObject({ ...expectedRow(n, i), stored: n }));
    });

    it('stores an event from its received JSON text exactly as it is parsed, and falls back to serialising when that text is unusable', async () => {
      const runId = randomUUID();
      const [started, turn, last] = runLog(runId, 3, 0) as [RunEvent, RunEvent, RunEvent];
      const text = new Map<RunEvent, Uint8Array>([
        // whitespace, key order, an unknown key and 2.0 for an integer: the columns read what JSON.parse reads
        [started, Buffer.from(`{ "extra": [1], "payload": ${JSON.stringify(started.payload)}, "seq": 1.0, "at": "${started.at}", "type": "run.started", "agent_id": null, "run_id": "${runId}", "id": "${started.id}" }`)],
        // a byte-order mark: not sent as it is
        [turn, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(turn))])],
        // not UTF-8: not sent as it is
        [last, Buffer.from([0x7b, 0xff, 0x7d])],
      ]);
      const r = await repos.runs.applyEvents([started, turn, last], (e) => text.get(e));
      expect(r.inserted).toBe(3);
      const stored = await repos.events.page(runId, { after_seq: 0, limit: 10 });
      expect(stored.items).toEqual([started, turn, last]);
      expect((await runRows(sql, [runId])).get(runId)).toMatchObject({ ...expectedRow(3, 0), stored: 3 });
    });
  });

  describe('two persistence replicas, four lanes each', () => {
    const namespace = uniqueNamespace('ppar');
    const names = brokerNames(namespace);
    const lines: string[] = [];
    let db: ScratchDatabase;
    let admin: pg.Client;
    let sql: pg.Client;
    let sqlPid: number;
    let nc: NatsConnection;
    let js: JetStreamClient;
    let jsm: JetStreamManager;
    let stack: Stack | undefined;

    beforeAll(async () => {
      db = await createScratchDatabase(testPgAdminUrl(), 'scrai_par');
      admin = new pg.Client({ connectionString: testPgAdminUrl() });
      await admin.connect();
      sql = new pg.Client({ connectionString: db.url });
      sql.on('error', () => undefined);
      await sql.connect();
      sqlPid = (await sql.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      nc = await connect({ servers: testNatsUrl() });
      js = jetstream(nc);
      jsm = await jetstreamManager(nc);
      const logDir = `${repoRoot}/var/test-logs/${namespace}`;
      mkdirSync(logDir, { recursive: true });
      stack = startStack({
        rootDir: repoRoot,
        env: {
          NATS_URL: testNatsUrl(),
          DATABASE_URL: db.url,
          SCRAI_NAMESPACE: namespace,
          LOG_LEVEL: 'warn',
          SCRAI_PERSIST_BATCH: '20',
          SCRAI_PERSIST_PARALLEL: '4',
        },
        services: [{ name: 'persistence', replicas: 2 }],
        logDir,
        onLine: (_service, instance, line) => lines.push(`${instance}: ${line}`),
      });
      await waitUntil(
        'both persistence replicas ready',
        async () => (await collectHealth(nc, names, 500)).filter((h) => h.service === 'persistence' && h.ready).length === 2,
        { timeoutMs: 60_000, stack },
      );
    });

    afterAll(async () => {
      await admin?.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
      await stack?.stop();
      await sql?.end().catch(() => undefined);
      await admin?.end().catch(() => undefined);
      await nc?.close().catch(() => undefined);
      await deleteNamespace(namespace).catch(() => undefined);
      await db?.drop().catch(() => undefined);
    });

    /** The database refuses new connections and loses the open ones (except the test's own). */
    async function databaseDown(): Promise<void> {
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [db.name, sqlPid]);
    }

    it('stores every event once with exact run rows, through duplicates, shared runs and a database outage mid-way', async () => {
      const n = 60;
      const runIds = Array.from({ length: 10 }, () => randomUUID());
      const logs = runIds.map((id, i) => runLog(id, n, i));
      // interleaved as concurrent runs publish them; a fifth of them published twice (another msgID passes the broker's dedupe)
      const order: RunEvent[] = [];
      for (let seq = 0; seq < n; seq++) for (const log of logs) order.push(log[seq]!);
      const publish = (events: RunEvent[]) =>
        Promise.all(events.flatMap((e, i) => [
          publishJson(js, names.subjects.event(e.run_id, e.type), e, { msgID: e.id }),
          ...(i % 5 === 0 ? [publishJson(js, names.subjects.event(e.run_id, e.type), e, { msgID: `${e.id}:again` })] : []),
        ]));
      const half = order.length / 2;

      await publish(order.slice(0, half));
      await waitUntil('some events stored', async () => Number((await sql.query('SELECT count(*) AS n FROM events')).rows[0].n) > 0, { stack });
      await databaseDown();
      try {
        await publish(order.slice(half));
        await waitUntil('a write failing and its batch being handed back', async () => lines.some((l) => l.includes('batch will be redelivered')), { timeoutMs: 20_000, stack });
      } finally {
        await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
      }

      const lastSeq = (await jsm.streams.info(names.streams.events)).state.last_seq;
      await waitUntil(
        'both replicas to settle every message',
        async () => {
          const c = await jsm.consumers.info(names.streams.events, names.consumers.persistenceEvents);
          return c.ack_floor.stream_seq >= lastSeq && c.num_ack_pending === 0 && c.num_pending === 0;
        },
        { timeoutMs: 60_000, stack },
      );

      expect(Number((await sql.query('SELECT count(*) AS n FROM events WHERE run_id = ANY($1::uuid[])', [runIds])).rows[0].n)).toBe(runIds.length * n);
      const rows = await runRows(sql, runIds);
      runIds.forEach((id, i) => expect(rows.get(id)).toMatchObject({ ...expectedRow(n, i), stored: n }));
      const dlq = await jsm.streams.info(names.streams.dlq);
      expect(dlq.state.messages).toBe(0);
      expect(stack!.exits).toEqual([]);
    });
  });
});
