import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import {
  brokerNames,
  DomainError,
  eventIdOf,
  type BrokerNames,
  type EventPage,
  type LlmCallRecordInput as LlmCallRecord,
  type Page,
  type QueryName,
  type RunEvent,
  type RunRecord,
  type RunSpec,
  type TemplateRecord,
} from '@scrai/contracts';
import { createScratchDatabase, type ScratchDatabase } from '@scrai/devstack';
import { collectHealth, DLQ_HEADERS, publishJson, requestQuery } from '@scrai/messaging';
import { deleteNamespace, testNatsUrl, testPgAdminUrl, uniqueNamespace } from '../harness/test-namespace.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const serviceMain = join(repoRoot, 'services', 'persistence', 'dist', 'main.js');

/**
 * The persistence service as its own OS process against the real nats-server and a scratch
 * Postgres database: events published to the EVENTS stream land in Postgres, redeliveries are
 * no-ops, bad messages are dead-lettered, and the queries answer over request/reply.
 */
describe('persistence service (real NATS + Postgres)', () => {
  const namespace = uniqueNamespace('persist');
  const names: BrokerNames = brokerNames(namespace);
  let db: ScratchDatabase;
  let sql: pg.Client;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let child: ChildProcess | undefined;
  const output: string[] = [];

  const query = <T>(name: QueryName, data: unknown): Promise<T> => requestQuery<T>(nc, names.subjects.query(name), data, { timeoutMs: 5_000 });

  async function queryError(name: QueryName, data: unknown): Promise<DomainError> {
    try {
      await query(name, data);
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
    throw new Error(`${name} was expected to fail`);
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    let last: unknown;
    for (;;) {
      if (child?.exitCode !== null && child?.exitCode !== undefined) {
        throw new Error(`persistence exited with ${child.exitCode} while waiting for ${what}:\n${output.join('\n')}`);
      }
      try {
        const v = await probe();
        if (v !== undefined && v !== false) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${String(last ?? 'condition false')})\n${output.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The durable consumer has been handed and has settled everything published so far. */
  const caughtUp = async (stream: string, durable: string) => {
    const lastSeq = (await jsm.streams.info(stream)).state.last_seq;
    await until(`${durable} to catch up`, async () => {
      const c = await jsm.consumers.info(stream, durable);
      return c.delivered.stream_seq >= lastSeq && c.num_ack_pending === 0 && c.num_pending === 0;
    });
  };

  const publishEvent = (e: RunEvent, msgID = e.id) => publishJson(js, names.subjects.event(e.run_id, e.type), e, { msgID });

  function startService(): ChildProcess {
    const c = spawn(process.execPath, ['--enable-source-maps', serviceMain], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        NATS_URL: testNatsUrl(),
        SCRAI_NAMESPACE: namespace,
        SCRAI_TEMPLATES_DIR: join(repoRoot, 'templates'),
        SCRAI_PERSIST_BATCH: '50',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const s of [c.stdout!, c.stderr!]) s.on('data', (b: Buffer) => output.push(...b.toString().trimEnd().split('\n')));
    return c;
  }

  async function stopService(c: ChildProcess): Promise<void> {
    if (c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    if (c.exitCode === null) c.kill('SIGKILL');
  }

  beforeAll(async () => {
    if (!existsSync(serviceMain)) throw new Error(`${serviceMain} not found: build first (pnpm build)`);
    db = await createScratchDatabase(testPgAdminUrl(), 'scrai_t');
    sql = new pg.Client({ connectionString: db.url });
    sql.on('error', () => undefined);
    await sql.connect();
    nc = await connect({ servers: testNatsUrl() });
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
    child = startService();
    await until('the service to answer queries', () => query<Page<TemplateRecord>>('templates.list', { kind: 'scenario' }), 60_000);
  });

  afterAll(async () => {
    if (child) await stopService(child);
    await sql?.end().catch(() => undefined);
    await nc?.close().catch(() => undefined);
    await deleteNamespace(namespace).catch(() => undefined);
    await db?.drop().catch(() => undefined);
  });

  function specFor(runId: string): RunSpec {
    const persona = { role: 'Mayor', backstory: '', goals: ['pass the budget'], traits: {}, instructions: [], constraints: [] };
    const llm = { provider: 'mock' as const, model: 'mock-1', temperature: 0.7, max_tokens: 100 };
    return {
      run_id: runId,
      name: 'persistence itest',
      scenario: {
        id: null,
        name: 'town-hall-debate',
        description: '',
        opening_situation: 'A town hall.',
        turn_policy: 'round_robin',
        max_turns: 3,
        timeout_seconds: 60,
        analysis_every_n_turns: 0,
        completion_conditions: [],
        context_window: 20,
      },
      seed: 42,
      agents: [
        { id: 'mayor', template_name: 'mayor-budget-defender', engine_type: 'actor', persona, llm, settings: {} },
        { id: 'narrator', template_name: 'narrator-chronicler', engine_type: 'narrator', persona: { ...persona, role: 'Chronicler' }, llm, settings: { narrative_style: 'plain', perspective: 'third_person' } },
      ],
      created_at: new Date().toISOString(),
    };
  }

  function eventsFor(runId: string) {
    let seq = 0;
    const t0 = Date.parse('2025-03-01T10:00:00.000Z');
    const ev = (type: RunEvent['type'], payload: Record<string, unknown>, agent_id: string | null = null): RunEvent => {
      seq++;
      return { id: eventIdOf(runId, seq), run_id: runId, seq, type, at: new Date(t0 + seq * 1000).toISOString(), agent_id, payload };
    };
    return {
      started: ev('run.started', {
        scenario_name: 'town-hall-debate',
        turn_policy: 'round_robin',
        max_turns: 3,
        timeout_seconds: 60,
        deadline_at: new Date(t0 + 60_000).toISOString(),
        seed: 42,
        agents: [
          { id: 'mayor', engine_type: 'actor', template_name: 'mayor-budget-defender', role: 'mayor' },
          { id: 'narrator', engine_type: 'narrator', template_name: 'narrator-chronicler', role: 'narrator' },
        ],
      }),
      scene: ev('scene.opened', { narration: 'The hall is full.', round: 1, usage: null }, 'narrator'),
      turns: [1, 2, 3].map((turn) => ev('actor.turn', { turn, round: 1, action: 'speak', content: `point ${turn}`, target: null, usage: null }, 'mayor')),
      completed: () => ev('run.completed', { reason: 'max_turns', turns: 3, rounds: 1 }),
    };
  }

  it('seeds the shipped templates and serves them through templates.list', async () => {
    const agents = await query<Page<TemplateRecord>>('templates.list', { kind: 'agent' });
    const scenarios = await query<Page<TemplateRecord>>('templates.list', { kind: 'scenario' });
    expect(agents.items.map((t) => t.name)).toEqual(
      expect.arrayContaining(['mayor-budget-defender', 'small-business-owner', 'housing-activist', 'narrator-chronicler', 'analyst-civic', 'negotiator-buyer', 'negotiator-seller']),
    );
    expect(scenarios.items.map((t) => t.name).sort()).toEqual(['town-hall-debate', 'two-party-negotiation']);
    expect(scenarios.total).toBe(2);
    expect(scenarios.items.every((t) => t.source === 'shipped')).toBe(true);
    const townHall = await query<TemplateRecord>('templates.get', { kind: 'scenario', ref: 'town-hall-debate' });
    expect(townHall.body).toMatchObject({ max_turns: 12, seed: 42, turn_policy: 'round_robin' });
    expect(await query<TemplateRecord>('templates.get', { kind: 'scenario', ref: townHall.id })).toEqual(townHall);
  });

  it('reports itself ready with its database, migrations and templates checks', async () => {
    const [health] = await collectHealth(nc, names, 1_000);
    expect(health).toMatchObject({ service: 'persistence', ready: true });
    expect(Object.keys(health!.checks)).toEqual(expect.arrayContaining(['database', 'migrations', 'templates', 'broker']));
  });

  it('stores a run’s events in order and follows its status from pending to completed', async () => {
    const runId = randomUUID();
    const created = await query<RunRecord>('runs.create', { spec: specFor(runId), scenario_id: null });
    expect(created).toMatchObject({ id: runId, status: 'pending', scenario_name: 'town-hall-debate', seed: 42, event_count: 0 });
    // runs.create is idempotent on the run id
    expect(await query<RunRecord>('runs.create', { spec: specFor(runId), scenario_id: null })).toEqual(created);

    const log = eventsFor(runId);
    await publishEvent(log.started);
    const running = await until('the run to be running', async () => {
      const r = await query<RunRecord>('runs.get', { run_id: runId });
      return r.status === 'running' ? r : undefined;
    });
    expect(running.started_at).toBe(log.started.at);
    const agents = await sql.query('SELECT agent_id, template_name, engine_type, persona FROM agent_instances WHERE run_id = $1 ORDER BY agent_id', [runId]);
    expect(agents.rows.map((r) => [r.agent_id, r.template_name, r.engine_type])).toEqual([
      ['mayor', 'mayor-budget-defender', 'actor'],
      ['narrator', 'narrator-chronicler', 'narrator'],
    ]);
    expect(agents.rows[0].persona).toMatchObject({ role: 'Mayor' });

    await publishEvent(log.scene);
    for (const t of log.turns) await publishEvent(t);
    const done = log.completed();
    await publishEvent(done);
    const completed = await until('the run to complete', async () => {
      const r = await query<RunRecord>('runs.get', { run_id: runId });
      return r.status === 'completed' ? r : undefined;
    });
    expect(completed).toMatchObject({ status: 'completed', end_reason: 'max_turns', error: null, turn_count: 3, event_count: 6, ended_at: done.at });

    const all = [log.started, log.scene, ...log.turns, done];
    const page1 = await query<EventPage<RunEvent>>('events.list', { run_id: runId, after_seq: 0, limit: 4 });
    expect(page1.items.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(page1.next_after_seq).toBe(4);
    const page2 = await query<EventPage<RunEvent>>('events.list', { run_id: runId, after_seq: page1.next_after_seq, limit: 4 });
    expect(page2.next_after_seq).toBeNull();
    expect([...page1.items, ...page2.items]).toEqual(all);

    // a late redelivery of run.started never moves a finished run back to running
    await publishEvent(log.started, `${log.started.id}:late`);
    await caughtUp(names.streams.events, names.consumers.persistenceEvents);
    expect(await query<RunRecord>('runs.get', { run_id: runId })).toEqual(completed);

    const listed = await query<Page<RunRecord>>('runs.list', { status: 'completed' });
    expect(listed.items.map((r) => r.id)).toContain(runId);
    expect((await query<Page<RunRecord>>('runs.list', { status: 'failed' })).items.map((r) => r.id)).not.toContain(runId);
  });

  it('treats a redelivered event as a no-op', async () => {
    const runId = randomUUID();
    await query('runs.create', { spec: specFor(runId), scenario_id: null });
    const log = eventsFor(runId);
    await publishEvent(log.started);
    await publishEvent(log.turns[0]!);
    await until('two events stored', async () => (await query<RunRecord>('runs.get', { run_id: runId })).event_count === 2);

    // the same event under another msgID passes the broker's dedupe and reaches the consumer again
    const ack = await publishEvent(log.turns[0]!, `${log.turns[0]!.id}:again`);
    expect(ack.duplicate).toBe(false);
    await caughtUp(names.streams.events, names.consumers.persistenceEvents);

    const rows = await sql.query('SELECT count(*)::int AS n FROM events WHERE id = $1', [log.turns[0]!.id]);
    expect(rows.rows[0].n).toBe(1);
    const run = await query<RunRecord>('runs.get', { run_id: runId });
    expect(run.event_count).toBe(2);
    expect(run.turn_count).toBe(1);
    const stored = await sql.query('SELECT event_count FROM runs WHERE id = $1', [runId]);
    expect(stored.rows[0].event_count).toBe(2);
  });

  it('keeps the events of a run it has never seen created, making the run from run.started', async () => {
    const runId = randomUUID();
    const log = eventsFor(runId);
    await publishEvent(log.started);
    await publishEvent(log.turns[0]!);
    const run = await until('the run row', async () => {
      const r = await query<RunRecord>('runs.get', { run_id: runId }).catch(() => undefined);
      return r && r.event_count === 2 ? r : undefined;
    });
    expect(run).toMatchObject({ status: 'running', scenario_name: 'town-hall-debate', seed: 42, turn_count: 1 });
  });

  it('dead-letters an undecodable message with reason "undecodable" and keeps going', async () => {
    const runId = randomUUID();
    await js.publish(names.subjects.event(runId, 'actor.turn'), 'this is not json', { msgID: `garbage-${runId}` });
    await js.publish(names.subjects.event(runId, 'actor.turn'), JSON.stringify({ id: 'x', run_id: runId, seq: 0 }), { msgID: `bad-shape-${runId}` });
    const dlqSubject = names.subjects.dlq(names.consumers.persistenceEvents, runId);
    const dead = await until('the dead letters', async () => {
      const info = await jsm.streams.info(names.streams.dlq, { subjects_filter: dlqSubject });
      return (info.state.subjects?.[dlqSubject] ?? 0) >= 2 ? info : undefined;
    });
    expect(dead.state.subjects?.[dlqSubject]).toBe(2);
    const last = await jsm.streams.getMessage(names.streams.dlq, { last_by_subj: dlqSubject });
    expect(last?.header.get(DLQ_HEADERS.reason)).toBe('undecodable');
    expect(last?.header.get(DLQ_HEADERS.error)).toMatch(/seq/);
    expect(last?.header.get(DLQ_HEADERS.originalSubject)).toBe(names.subjects.event(runId, 'actor.turn'));
    await caughtUp(names.streams.events, names.consumers.persistenceEvents);
    const rows = await sql.query('SELECT count(*)::int AS n FROM events WHERE run_id = $1', [runId]);
    expect(rows.rows[0].n).toBe(0);

    // the consumer still works after the bad messages
    const next = randomUUID();
    await publishEvent(eventsFor(next).started);
    await until('a later event stored', async () => (await query<RunRecord>('runs.get', { run_id: next })).event_count === 1);
  });

  it('dead-letters an event the database refuses and stores the rest of its batch', async () => {
    const runId = randomUUID();
    const log = eventsFor(runId);
    const poison = { ...log.turns[0]!, payload: { ...log.turns[0]!.payload, content: 'nul \u0000 byte' } };
    await publishEvent(log.started);
    await publishEvent(poison);
    await publishEvent(log.turns[1]!);
    await caughtUp(names.streams.events, names.consumers.persistenceEvents);
    const dlqSubject = names.subjects.dlq(names.consumers.persistenceEvents, runId);
    const dead = await jsm.streams.getMessage(names.streams.dlq, { last_by_subj: dlqSubject });
    expect(dead?.header.get(DLQ_HEADERS.reason)).toBe('rejected_by_database');
    expect(dead?.json<RunEvent>().id).toBe(poison.id);
    const stored = await sql.query('SELECT seq FROM events WHERE run_id = $1 ORDER BY seq', [runId]);
    expect(stored.rows.map((r) => r.seq)).toEqual([1, 4]); // 3 was the poison
    expect((await query<RunRecord>('runs.get', { run_id: runId })).event_count).toBe(2);
  });

  it('keeps the summary exact over a long run written in many batches', async () => {
    const runId = randomUUID();
    await query('runs.create', { spec: specFor(runId), scenario_id: null });
    const t0 = Date.parse('2025-03-01T10:00:00.000Z');
    const total = 1200;
    const acks = [];
    for (let seq = 1; seq <= total; seq++) {
      const type: RunEvent['type'] = seq === 1 ? 'run.started' : seq === total ? 'run.completed' : 'actor.turn';
      const payload = type === 'actor.turn' ? { turn: seq - 1, round: 1, action: 'speak', content: `line ${seq}`, target: null, usage: null } : type === 'run.completed' ? { reason: 'max_turns', turns: total - 2, rounds: 1 } : eventsFor(runId).started.payload;
      acks.push(publishEvent({ id: eventIdOf(runId, seq), run_id: runId, seq, type, at: new Date(t0 + seq).toISOString(), agent_id: null, payload }));
    }
    await Promise.all(acks);
    const run = await until('the long run to complete', async () => {
      const r = await query<RunRecord>('runs.get', { run_id: runId });
      return r.status === 'completed' && r.event_count === total ? r : undefined;
    });
    expect(run.turn_count).toBe(total - 2);
    const page = await query<EventPage<RunEvent>>('events.list', { run_id: runId, after_seq: 1000, limit: 1000 });
    expect(page.items.map((e) => e.seq)).toEqual(Array.from({ length: total - 1000 }, (_, i) => 1001 + i));
  });

  it('stores LLM call records once', async () => {
    const call: LlmCallRecord = {
      id: `req-${randomUUID()}`,
      run_id: randomUUID(),
      agent_id: 'mayor',
      provider: 'mock',
      model: 'mock-1',
      tokens_in: 12,
      tokens_out: 34,
      latency_ms: 5.5,
      cached: false,
      status: 'ok',
      error: null,
      at: new Date().toISOString(),
    };
    await publishJson(js, names.subjects.llmCall(call.run_id!), call, { msgID: call.id });
    await publishJson(js, names.subjects.llmCall(call.run_id!), call, { msgID: `${call.id}:again` });
    await caughtUp(names.streams.llmCalls, names.consumers.persistenceLlmCalls);
    const rows = await sql.query('SELECT tokens_in, tokens_out, latency_ms FROM llm_calls WHERE id = $1', [call.id]);
    expect(rows.rows).toEqual([{ tokens_in: 12, tokens_out: 34, latency_ms: 5.5 }]);
  });

  it('answers a bad template with a 400 naming the field, a duplicate with a 409', async () => {
    const bad = await queryError('templates.create', {
      kind: 'agent',
      body: { name: 'pundit', engine_type: 'actor', persona: { role: 'Pundit', goals: [''] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.details.map((d) => d.path)).toContain('persona.goals[0]');

    const body = { name: 'pundit', engine_type: 'actor', persona: { role: 'Pundit', goals: ['be heard'] } };
    const created = await query<TemplateRecord>('templates.create', { kind: 'agent', body });
    expect(created).toMatchObject({ name: 'pundit', source: 'user', body: { llm: { provider: 'mock' } } });
    expect((await queryError('templates.create', { kind: 'agent', body })).status).toBe(409);
    expect((await queryError('templates.create', { kind: 'agent', body: { ...body, name: 'mayor-budget-defender' } })).status).toBe(409);

    const updated = await query<TemplateRecord>('templates.update', { kind: 'agent', ref: created.id, body: { ...body, description: 'loud' } });
    expect(updated.body.description).toBe('loud');
    expect((await queryError('templates.update', { kind: 'agent', ref: 'nobody', body })).status).toBe(404);
    expect(await query('templates.delete', { kind: 'agent', ref: 'pundit' })).toBeNull();
    expect((await queryError('templates.get', { kind: 'agent', ref: 'pundit' })).status).toBe(404);
    expect((await queryError('runs.get', { run_id: randomUUID() })).status).toBe(404);
    expect((await queryError('runs.get', { run_id: 'nope' })).details[0]!.path).toBe('run_id');
  });

  it('seeds a shipped template only once: a user’s deletion and edit survive a restart', async () => {
    expect(await query('templates.delete', { kind: 'scenario', ref: 'two-party-negotiation' })).toBeNull();
    const mayor = await query<TemplateRecord>('templates.get', { kind: 'agent', ref: 'mayor-budget-defender' });
    await query('templates.update', { kind: 'agent', ref: mayor.id, body: { ...mayor.body, description: 'edited by a researcher' } });
    await stopService(child!);
    child = startService();
    await until('the restarted service to answer queries', () => query<Page<TemplateRecord>>('templates.list', { kind: 'scenario' }), 60_000);
    const scenarios = await query<Page<TemplateRecord>>('templates.list', { kind: 'scenario' });
    expect(scenarios.items.map((t) => t.name)).toEqual(['town-hall-debate']);
    const again = await query<TemplateRecord>('templates.get', { kind: 'agent', ref: 'mayor-budget-defender' });
    expect(again.body.description).toBe('edited by a researcher');
  });
});
