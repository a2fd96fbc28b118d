import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { brokerNames, type BrokerNames, type EngineInstanceRecord, type EngineInstanceStatus } from '@scrai/contracts';
import { createScratchDatabase, freePort, startStack, type ScratchDatabase, type Stack } from '@scrai/devstack';
import { publishJson } from '@scrai/messaging';
import { ScraiApiError, ScraiClient } from '@scrai/sdk';
import { deleteNamespace, testNatsUrl, testPgAdminUrl, uniqueNamespace } from '../harness/test-namespace.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const HEARTBEAT_MS = 300;
const TTL_MS = 900;
const REAP_EVERY_MS = 1000;
const ACTOR = 'engine-actor-0';

/**
 * The engine registry end to end, every service its own OS process against the real nats-server and
 * Postgres: an actor registers and heartbeats into KV, the persistence service's watcher records it
 * in Postgres, the gateway shows it. SIGKILL ⇒ no KV event at all on 2.9.10, the reaper declares
 * it gone; SIGTERM ⇒ the key is deleted and the instance is stopped.
 */
describe('engine registry (real NATS + Postgres, services as processes)', () => {
  const namespace = uniqueNamespace('engreg');
  const names: BrokerNames = brokerNames(namespace);
  let db: ScratchDatabase;
  let sql: pg.Client;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let stack: Stack;
  let client: ScraiClient;

  async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000, everyMs = 50): Promise<T> {
    const deadline = Date.now() + ms;
    let last: unknown;
    for (;;) {
      try {
        const v = await probe();
        if (v !== undefined && v !== false) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${String(last ?? 'condition false')})`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  const actorIs = (status: EngineInstanceStatus, since = '') =>
    until(`${ACTOR} to be ${status}`, async () => {
      const r = await client.getEngineInstance(ACTOR);
      return r.status === status && (r.started_at > since || since === '') && r;
    });

  const processRunning = (name: string) => stack.processes.find((p) => p.name === name)?.running ?? false;

  beforeAll(async () => {
    db = await createScratchDatabase(testPgAdminUrl(), 'scrai_engreg');
    sql = new pg.Client({ connectionString: db.url });
    sql.on('error', () => undefined);
    await sql.connect();
    nc = await connect({ servers: testNatsUrl() });
    js = jetstream(nc);
    const port = await freePort();
    const logDir = join(repoRoot, 'var', 'test-logs', namespace);
    mkdirSync(logDir, { recursive: true });
    stack = startStack({
      rootDir: repoRoot,
      env: {
        NATS_URL: testNatsUrl(),
        DATABASE_URL: db.url,
        SCRAI_NAMESPACE: namespace,
        PORT: String(port),
        HOST: '127.0.0.1',
        GRPC_PORT: '0',
        LOG_LEVEL: 'info',
        SCRAI_HEARTBEAT_MS: String(HEARTBEAT_MS),
        SCRAI_ENGINE_TTL_MS: String(TTL_MS),
        SCRAI_ENGINE_CONCURRENCY: '4',
      },
      services: [{ name: 'persistence' }, { name: 'gateway' }, { name: 'engine-actor' }],
      logDir,
      stopGraceMs: 10_000,
    });
    client = new ScraiClient({ baseUrl: `http://127.0.0.1:${port}` });
    await until('the actor to show up through the gateway', async () => (await client.listEngineInstances({ engine_type: 'actor' })).total > 0, 60_000, 200);
  });

  afterAll(async () => {
    await stack?.stop();
    await sql?.end().catch(() => undefined);
    await nc?.close().catch(() => undefined);
    await deleteNamespace(namespace).catch(() => undefined);
    await db?.drop().catch(() => undefined);
  });

  it('registers the actor in KV with its capabilities and limits, and shows it healthy via REST', async () => {
    const engines = await new Kvm(nc).open(names.kv.engines);
    expect((await engines.status()).ttl).toBe(TTL_MS);
    const entry = await engines.get(`actor.${ACTOR}`);
    expect(entry?.json()).toMatchObject({ id: ACTOR, engine_type: 'actor', heartbeat_ms: HEARTBEAT_MS, status: 'healthy' });

    const rec = await actorIs('healthy');
    expect(rec).toMatchObject({
      id: ACTOR,
      engine_type: 'actor',
      version: '0.1.0',
      capabilities: { task_kinds: ['actor.turn'], max_concurrency: 4 },
      limits: { ack_wait_ms: 30_000, max_deliver: 5 },
      heartbeat_ms: HEARTBEAT_MS,
      load: { in_flight: 0 },
      processed: 0,
      failed: 0,
      last_error: null,
      stopped_at: null,
    });
    expect(rec.first_seen_at).not.toBeNull();

    const healthy = await client.listEngineInstances({ engine_type: 'actor', status: 'healthy' });
    expect(healthy.items.map((i) => i.id)).toEqual([ACTOR]);
    expect((await client.listEngineInstances({ engine_type: 'narrator' })).total).toBe(0);
    const bad = await client.listEngineInstances({ status: 'zombie' as EngineInstanceStatus }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ScraiApiError);
    expect((bad as ScraiApiError).status).toBe(400);
    const missing = await client.getEngineInstance('engine-actor-99').catch((e: unknown) => e);
    expect((missing as ScraiApiError).status).toBe(404);

    const health = await client.engineHealth();
    expect(health.engines.actor).toMatchObject({ healthy: 1, degraded: 0, gone: 0, status: 'healthy' });
    expect(health.engines.narrator).toMatchObject({ healthy: 0, degraded: 0, status: 'critical' });

    // Heartbeats reach Postgres too (written at most every 2 s per engine).
    const first = (await sql.query('SELECT last_heartbeat_at FROM engine_instances WHERE id = $1', [ACTOR])).rows[0].last_heartbeat_at as Date;
    await until('a later heartbeat in Postgres', async () => {
      const r = await sql.query('SELECT last_heartbeat_at, status FROM engine_instances WHERE id = $1', [ACTOR]);
      return (r.rows[0].last_heartbeat_at as Date) > first && r.rows[0].status === 'healthy';
    }, 10_000, 200);
  });

  it('declares a SIGKILLed actor gone within 3 missed heartbeats plus a reaper period', async () => {
    const killedAt = Date.now();
    stack.kill('engine-actor', 0, 'SIGKILL');
    const gone = await actorIs('gone');
    const tookMs = Date.now() - killedAt;
    process.stderr.write(`[engine-registry test] gone ${tookMs} ms after SIGKILL (heartbeat ${HEARTBEAT_MS} ms, reaper ${REAP_EVERY_MS} ms)\n`);
    // 3 heartbeats + one reaper period, plus room for the write, the query and the polling
    expect(tookMs).toBeLessThanOrEqual(3 * HEARTBEAT_MS + REAP_EVERY_MS + 1_500);
    expect(gone.stopped_at).not.toBeNull();
    expect(gone.load).toEqual({ in_flight: 0 });

    const health = await client.engineHealth();
    expect(health.engines.actor).toMatchObject({ healthy: 0, degraded: 0, gone: 1, status: 'critical' });
    // The key has expired by now (TTL), without any watch event.
    const engines = await new Kvm(nc).open(names.kv.engines);
    await until('the key to expire', async () => (await engines.get(`actor.${ACTOR}`)) === null, 5_000);
  });

  it('records a restarted actor healthy again, then stopped (not gone) after SIGTERM', async () => {
    const before = await client.getEngineInstance(ACTOR);
    await stack.restart('engine-actor', 0);
    const back = await actorIs('healthy', before.started_at);
    expect(back.stopped_at).toBeNull();

    const termAt = Date.now();
    stack.kill('engine-actor', 0, 'SIGTERM');
    const stopped = await actorIs('stopped');
    process.stderr.write(`[engine-registry test] stopped ${Date.now() - termAt} ms after SIGTERM\n`);
    expect(stopped.started_at).toBe(back.started_at);
    expect(stopped.stopped_at).not.toBeNull();
    await until('the actor process to exit', async () => !processRunning('engine-actor'), 15_000);
    const engines = await new Kvm(nc).open(names.kv.engines);
    const entry = await engines.get(`actor.${ACTOR}`);
    expect(entry === null || entry.operation === 'DEL').toBe(true);

    // Well past the reaper's deadline, it stays stopped.
    await new Promise((r) => setTimeout(r, 3 * HEARTBEAT_MS + REAP_EVERY_MS + 500));
    expect((await client.getEngineInstance(ACTOR)).status).toBe('stopped');
    const row = (await sql.query('SELECT status, stopped_at FROM engine_instances WHERE id = $1', [ACTOR])).rows[0];
    expect(row.status).toBe('stopped');
    const health = await client.engineHealth();
    expect(health.engines.actor).toMatchObject({ healthy: 0, degraded: 0, status: 'critical' });
  });

  it('shows the depth of an engine queue: pending tasks while no worker runs', async () => {
    expect(processRunning('engine-actor')).toBe(false);
    for (let i = 1; i <= 2; i++) {
      const runId = randomUUID();
      await publishJson(js, names.subjects.task('actor', runId), { task_id: `${runId}:${i}` }, { msgID: `${runId}:${i}` });
    }
    const q = await client.queueStats('actor');
    expect(q).toMatchObject({
      engine_type: 'actor',
      stream: names.streams.tasks,
      consumer: names.consumers.engine('actor'),
      pending: 2,
      in_flight: 0,
      redelivered: 0,
      ack_wait_ms: 30_000,
      max_deliver: 5,
    });
    const narrator = await client.queueStats('narrator');
    expect(narrator).toMatchObject({ engine_type: 'narrator', pending: 0, in_flight: 0 });

    const unknown = await client.queueStats('robot' as 'actor').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ScraiApiError);
    expect((unknown as ScraiApiError).status).toBe(400);

    const health = await client.engineHealth();
    expect(health.queues.actor).toEqual({ pending: 2, in_flight: 0, redelivered: 0 });
    expect(health.engines.actor.status).toBe('critical');

    const all: EngineInstanceRecord[] = (await client.listEngineInstances()).items;
    expect(all.map((i) => [i.id, i.status])).toEqual([[ACTOR, 'stopped']]);
  });
});
