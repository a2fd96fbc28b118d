import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import {
  brokerNames,
  llmRequestSchema,
  type BrokerNames,
  type LlmReply,
  type LlmRequest,
  type RunEvent,
  type ScenarioTemplateInput,
  type ServiceName,
  type TaskFailurePolicy,
} from '@scrai/contracts';
import { createScratchDatabase, freePort, startStack, type ScratchDatabase, type Stack } from '@scrai/devstack';
import { createMockProvider } from '@scrai/llm';
import { ensureLlmRequestQueue, llmRequestQueueTopology, serveLlmRequestQueue, type LlmQueueServer } from '@scrai/llm-limits';
import { collectHealth, consumerConfigs, ensureConsumer } from '@scrai/messaging';
import { ScraiApiError, ScraiClient } from '@scrai/sdk';
import { deleteNamespace, testNatsUrl, testPgAdminUrl, uniqueNamespace } from '../harness/test-namespace.js';
import { repoRoot } from '../harness/stack-fixture.js';
import { waitUntil } from '../harness/wait-until.js';

/**
 * Dead letters end to end, against the real nats-server and Postgres with the gateway, persistence,
 * orchestrator (and its dead-letter mover) and engine-actor as separate processes. The test plays the
 * LLM provider (the one thing we may fake) and breaks it for chosen agents: a task that always fails
 * ends in the DLQ after the configured deliveries; a permanent failure at once; an undecodable task as
 * such; a worker that dies on its last delivery is covered by the max-deliveries advisory and the
 * mover. The REST API lists, shows, requeues and deletes them; a requeue after the fault is fixed
 * completes the task and its waiting run.
 */

type Fault = 'retryable' | 'permanent';
const RETRY_POLICY = { max_retries: 1, initial_delay_ms: 100, max_delay_ms: 200, multiplier: 2 };

describe('dead letters (real NATS, services as processes)', () => {
  const namespace = uniqueNamespace('dlq');
  const natsUrl = testNatsUrl();
  let names: BrokerNames;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let stack: Stack | undefined;
  let db: ScratchDatabase | undefined;
  let llm: LlmQueueServer | undefined;
  let client: ScraiClient;
  let base: string;
  const faults = new Map<string, Fault>();
  const calls = new Map<string, number>();
  const mock = createMockProvider();

  const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 45_000): Promise<T> =>
    waitUntil(what, probe, { timeoutMs: ms, stack });

  /** The provider: the deterministic mock, or the fault set for the asking agent. */
  async function answer(req: LlmRequest): Promise<LlmReply> {
    const agent = req.agent_id ?? '';
    calls.set(`${req.run_id}:${agent}`, (calls.get(`${req.run_id}:${agent}`) ?? 0) + 1);
    const fault = faults.get(agent);
    if (fault === 'retryable') return { ok: false, error: { code: 'overloaded', message: 'the model is overloaded', retryable: true, retry_after_ms: null } };
    if (fault === 'permanent') return { ok: false, error: { code: 'content_filter', message: 'the model refuses', retryable: false, retry_after_ms: null } };
    const { warnings: _w, ...out } = await mock.generate(req);
    return { ok: true, result: { ...out, provider: req.provider, model: req.model, latency_ms: 0, cached: false } };
  }

  const actor = (name: string) => ({ name: `${name}-${namespace}`, engine_type: 'actor' as const, persona: { role: `${name}, a tester` } });
  function scenario(policy: TaskFailurePolicy | undefined, o: { analyst?: boolean } = {}): ScenarioTemplateInput {
    return {
      name: `dlq-${policy ?? 'default'}`,
      opening_situation: 'A quiet office on a Friday afternoon.',
      turn_policy: 'round_robin',
      max_turns: 2,
      completion_conditions: [],
      roles: {
        alice: { agent: actor('alice') },
        bob: { agent: actor('bob') },
        ...(o.analyst ? { ana: { agent: { name: `ana-${namespace}`, engine_type: 'analyst' as const, persona: { role: 'observer' } } } } : {}),
      },
      ...(policy ? { on_task_failure: policy } : {}),
    };
  }
  const deadLettersOf = async (runId: string) => (await client.listDeadLetters({ run_id: runId })).items;
  const eventsOf = (runId: string): Promise<RunEvent[]> => client.allEvents(runId);

  beforeAll(async () => {
    names = brokerNames(namespace);
    nc = await connect({ servers: natsUrl });
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
    // The test serves the llm-gateway's request queue itself (no llm-gateway process runs).
    const queue = llmRequestQueueTopology(names, { providers: ['mock'], limits: {} });
    await ensureLlmRequestQueue(jsm, queue);
    const failed = (message: string) => ({ ok: false, error: { code: 'bad_request', message, retryable: false } });
    llm = await serveLlmRequestQueue(
      { nc, stream: queue.stream.name, consumers: queue.consumers.map((c) => c.config), ackWaitMs: queue.ackWaitMs, maxConcurrent: 64, log: console, replies: { undecodable: failed, failed } },
      (data) => answer(llmRequestSchema.parse(data)),
    );

    db = await createScratchDatabase(testPgAdminUrl(), 'scrai_dlq');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    client = new ScraiClient({ baseUrl: base });
    const logDir = `${repoRoot}/var/test-logs/${namespace}`;
    mkdirSync(logDir, { recursive: true });
    const services: ServiceName[] = ['gateway', 'persistence', 'orchestrator', 'engine-actor'];
    stack = startStack({
      rootDir: repoRoot,
      env: {
        NATS_URL: natsUrl,
        DATABASE_URL: db.url,
        SCRAI_NAMESPACE: namespace,
        PORT: String(port),
        HOST: '127.0.0.1',
        GRPC_PORT: '0',
        LOG_LEVEL: 'info',
        SCRAI_ENGINE_CONCURRENCY: '4',
        SCRAI_RETRY_POLICY: JSON.stringify(RETRY_POLICY),
      },
      services: services.map((name) => ({ name })),
      logDir,
      stopGraceMs: 10_000,
    });
    await until('the services to be ready', async () => {
      const replies = await collectHealth(nc, names, 500);
      return services.every((svc) => replies.some((r) => r.service === svc && r.ready)) && replies;
    }, 60_000);
    // No engine-analyst runs: the test plays an analyst worker that dies on every delivery. Its
    // consumer gets a short visibility timeout and 2 deliveries, as an analyst service would set them.
    const analyst = consumerConfigs(names, { taskAckWaitMs: { analyst: 1_000 }, taskMaxDeliver: { analyst: 2 } }).find(
      (c) => c.config.durable_name === names.consumers.engine('analyst'),
    )!;
    await ensureConsumer(jsm, analyst.stream, analyst.config);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await llm?.stop(1_000);
    await nc?.close();
    await deleteNamespace(namespace, natsUrl).catch(() => undefined);
    await db?.drop().catch(() => undefined);
  });

  afterEach(() => faults.clear());

  it('gives the engine consumer max_deliver from the retry policy', async () => {
    const info = await jsm.consumers.info(names.streams.tasks, names.consumers.engine('actor'));
    expect(info.config.max_deliver).toBe(RETRY_POLICY.max_retries + 1);
  });

  it('documents the dead-letters API in OpenAPI', async () => {
    const doc = (await (await fetch(`${base}/api/docs-json`)).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/dead-letters', '/api/v1/dead-letters/{id}', '/api/v1/dead-letters/{id}/requeue']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['DeadLetterPage', 'DeadLetterDetail', 'RequeuedDeadLetter']));
  });

  it('dead-letters a task that always fails after the configured deliveries; the waiting run completes once it is requeued after the fix', async () => {
    faults.set('bob', 'retryable');
    const { id: runId } = await client.createRun({ scenario: scenario('wait') });
    const [dead] = await until('the dead letter', async () => (await deadLettersOf(runId)).length > 0 && deadLettersOf(runId));
    expect(dead).toMatchObject({
      reason: 'max_deliveries',
      deliveries: 2,
      engine_type: 'actor',
      consumer: names.consumers.engine('actor'),
      run_id: runId,
      worker_id: 'engine-actor-0',
      original_subject: names.subjects.task('actor', runId),
      original_stream: names.streams.tasks,
      requeue_count: 0,
    });
    expect(dead!.error).toMatch(/overloaded/);
    expect(calls.get(`${runId}:bob`)).toBe(2);
    const detail = await client.getDeadLetter(dead!.id);
    expect(detail.payload).toMatchObject({ run_id: runId, seq: dead!.task_seq, kind: 'actor.turn', agent: { id: 'bob' } });
    expect(detail.headers['X-Original-Msg-Id']).toBe(`${runId}:${dead!.task_seq}`);

    // on_task_failure "wait": the run was told and keeps waiting for the task
    await new Promise((r) => setTimeout(r, 500));
    expect((await client.getRun(runId)).status).toBe('running');

    faults.delete('bob'); // the fault is fixed
    const res = await fetch(`${base}/api/v1/dead-letters/${dead!.id}/requeue`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: dead!.id, requeued_to: names.subjects.task('actor', runId), msg_id: `requeue:${dead!.id}:1` });

    const run = await client.waitForRun(runId, { timeoutMs: 30_000, pollMs: 200 });
    expect(run).toMatchObject({ status: 'completed', turn_count: 2 });
    const turns = (await eventsOf(runId)).filter((e) => e.type === 'actor.turn').map((e) => e.agent_id);
    expect(turns).toEqual(['alice', 'bob']);
    await expect(client.getDeadLetter(dead!.id)).rejects.toMatchObject({ status: 404 });
    expect(await deadLettersOf(runId)).toEqual([]);
  });

  it('fails a run whose task is dead-lettered (the default); requeue is refused for the ended run unless forced; delete removes it', async () => {
    faults.set('bob', 'retryable');
    const { id: runId } = await client.createRun({ scenario: scenario(undefined) });
    const run = await client.waitForRun(runId, { timeoutMs: 30_000, pollMs: 200 });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^dead_letter: max_deliveries: llm overloaded/);
    const [dead] = await until('the dead letter', async () => (await deadLettersOf(runId)).length > 0 && deadLettersOf(runId));

    const refused = await client.requeueDeadLetter(dead!.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScraiApiError);
    expect(refused).toMatchObject({ status: 409 });
    expect((await client.getDeadLetter(dead!.id)).id).toBe(dead!.id);

    expect((await fetch(`${base}/api/v1/dead-letters/${dead!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${base}/api/v1/dead-letters/${dead!.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${base}/api/v1/dead-letters/${dead!.id}`)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/dead-letters/not-a-number`)).status).toBe(400);
    expect((await fetch(`${base}/api/v1/dead-letters?engine_type=robot`)).status).toBe(400);
  });

  it('dead-letters a permanent failure at once with its code; skip_turn lets the run go on without the turn', async () => {
    faults.set('bob', 'permanent');
    const { id: runId } = await client.createRun({ scenario: scenario('skip_turn') });
    const run = await client.waitForRun(runId, { timeoutMs: 30_000, pollMs: 200 });
    expect(run.status).toBe('completed');
    const events = await eventsOf(runId);
    // max_turns 2: alice's turn, then bob's, used up by the skip
    expect(events.filter((e) => e.type === 'actor.turn').map((e) => e.agent_id)).toEqual(['alice']);
    expect(events.find((e) => e.type === 'turn.skipped')).toMatchObject({
      agent_id: 'bob',
      payload: { agent: 'bob', task: 'actor.turn', reason: 'content_filter: the model refuses', turn: 2 },
    });
    const [dead] = await until('the dead letter', async () => (await deadLettersOf(runId)).length > 0 && deadLettersOf(runId));
    expect(dead).toMatchObject({ reason: 'permanent:content_filter', deliveries: 1, error: 'the model refuses' });
    expect(calls.get(`${runId}:bob`)).toBe(1);
    const permanent = await client.listDeadLetters({ reason: 'permanent', engine_type: 'actor' });
    expect(permanent.items.map((d) => d.id)).toContain(dead!.id);
    expect(permanent.items.every((d) => d.reason.startsWith('permanent:'))).toBe(true);
  });

  it('dead-letters an undecodable task with its reason and payload', async () => {
    const runId = randomUUID();
    await js.publish(names.subjects.task('actor', runId), '{this is not a task', { msgID: `${runId}:garbage` });
    const [dead] = await until('the dead letter', async () => (await deadLettersOf(runId)).length > 0 && deadLettersOf(runId));
    expect(dead).toMatchObject({ reason: 'undecodable', deliveries: 1, engine_type: 'actor', task_seq: null });
    expect(dead!.error).toMatch(/^not JSON/);
    const detail = await client.getDeadLetter(dead!.id);
    expect(detail.payload).toBeNull();
    expect(detail.payload_text).toBe('{this is not a task');
    expect((await client.listDeadLetters({ reason: 'undecodable' })).items.map((d) => d.id)).toEqual([dead!.id]);
  });

  it('moves a task whose worker died on its last delivery through the max-deliveries advisory, and tells the run', async () => {
    const { id: runId } = await client.createRun({ scenario: scenario('skip_turn', { analyst: true }) });
    const consumer = await js.consumers.get(names.streams.tasks, names.consumers.engine('analyst'));
    // A worker that takes each delivery and dies (never acks, never extends the lock). On 2.9.10 the
    // advisory is lazy: it comes with the next pull after the last delivery's lock ran out.
    const seen: number[] = [];
    const dead = await until(
      'the advisory path to move the task',
      async () => {
        const m = await consumer.next({ expires: 1_000 });
        if (m) seen.push(m.info.deliveryCount);
        return (await client.listDeadLetters({ run_id: runId, engine_type: 'analyst' })).items[0];
      },
      30_000,
    );
    expect(seen).toEqual([1, 2]);
    expect(dead).toMatchObject({ reason: 'max_deliveries', deliveries: 2, engine_type: 'analyst', run_id: runId, task_seq: expect.any(Number) });
    expect(dead.worker_id).toBe('orchestrator-0/dlq-mover');
    expect((await client.getDeadLetter(dead.id)).payload).toMatchObject({ kind: 'analysis.report' });

    // the mover told the run (skip_turn: the report is skipped) and removed the task from its queue
    const run = await client.waitForRun(runId, { timeoutMs: 30_000, pollMs: 200 });
    expect(run.status).toBe('completed');
    const events = await eventsOf(runId);
    expect(events.filter((e) => e.type === 'analysis.report')).toEqual([]);
    expect(events.find((e) => e.type === 'turn.skipped')).toMatchObject({ agent_id: 'ana', payload: { task: 'analysis.report', reason: expect.stringMatching(/^dead_letter: max_deliveries/) } });
    expect(await jsm.streams.getMessage(names.streams.tasks, { seq: dead.original_seq! })).toBeNull();
  });
});
