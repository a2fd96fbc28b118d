import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import {
  LLM_QUEUE_HEADERS,
  actorTurnOutputSchema,
  brokerNames,
  llmRequestSchema,
  orchestratorInputSchema,
  type BrokerNames,
  type EngineTask,
  type LlmReply,
  type LlmRequest,
  type ServiceName,
} from '@scrai/contracts';
import { DLQ_HEADERS, RetryableError, collectHealth, publishJson } from '@scrai/messaging';
import { createNatsLlmClient } from '@scrai/engine-worker';
import { ensureLlmRequestQueue, llmRequestQueueTopology, serveLlmRequestQueue, type LlmQueueServer } from '@scrai/llm-limits';
import { startStack, type Stack, type StackServiceSpec } from '@scrai/devstack';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';
import { waitUntil } from '../harness/wait-until.js';

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const LLM_GATEWAY_MAIN = join(repoRoot, 'services', 'llm-gateway', 'dist', 'main.js');

function actorTask(runId: string, seq: number): EngineTask {
  return {
    task_id: `${runId}:${seq}`,
    run_id: runId,
    seq,
    kind: 'actor.turn',
    engine_type: 'actor',
    agent: {
      id: 'alice',
      template_name: 'skeptic',
      engine_type: 'actor',
      persona: { role: 'Skeptical engineer', backstory: 'Has seen many releases slip.', goals: ['Find the flaw'], traits: { mood: 'dry' }, instructions: [], constraints: [] },
      llm: { provider: 'mock', model: 'mock-1', temperature: 0.7, max_tokens: 256 },
      settings: {},
    },
    scenario: { name: 'release-meeting', description: 'Ship or not.', opening_situation: 'Thursday evening, release due tomorrow.', turn_policy: 'round_robin' },
    participants: [
      { id: 'alice', engine_type: 'actor', role: 'Skeptical engineer' },
      { id: 'bob', engine_type: 'actor', role: 'Optimist' },
    ],
    transcript: [{ seq: 2, agent_id: 'bob', kind: 'actor.speak', text: 'We ship tomorrow.' }],
    round: 1,
    turn: 1,
    max_turns: 6,
    max_rounds: 3,
    stats: { turns: 1, rounds: 1, turns_by_agent: { bob: 1 }, actions: { speak: 1 }, done_agents: [] },
    seed: 777,
  };
}

/** Stands in for the llm-gateway only while it is not built: the LLM provider is the one thing we may fake. */
function mockAnswer(req: LlmRequest): LlmReply {
  return {
    ok: true,
    result: {
      text: JSON.stringify({ action: 'speak', content: `${req.hints.agent_id ?? 'someone'} asks for evidence.`, target: null }),
      tool_calls: [],
      finish_reason: 'stop',
      raw_finish_reason: 'stop',
      usage: { tokens_in: 42, tokens_out: 7 },
      provider: req.provider,
      model: req.model,
      provider_request_id: null,
      latency_ms: 1,
      cached: false,
    },
  };
}

/**
 * The engine-actor service as its own OS process against the real nats-server: it pulls a task from
 * TASKS, asks the llm-gateway (its own process when built), publishes the outcome to CMD and acks;
 * an undecodable task is dead-lettered with its reason.
 */
describe('engine worker (engine-actor process, real nats-server)', () => {
  const namespace = uniqueNamespace('ew');
  const natsUrl = testNatsUrl();
  const realGateway = existsSync(LLM_GATEWAY_MAIN);
  let names: BrokerNames;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let stack: Stack | undefined;
  let llmTap: Subscription | undefined;
  let standIn: LlmQueueServer | undefined;
  const llmRequests: LlmRequest[] = [];

  const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> =>
    waitUntil(what, probe, { timeoutMs: ms, stack });
  const lastOn = (stream: string, subject: string) => jsm.streams.getMessage(stream, { last_by_subj: subject });
  const streamMessages = async (stream: string) => (await jsm.streams.info(stream)).state.messages;

  beforeAll(async () => {
    names = brokerNames(namespace);
    nc = await connect({ servers: natsUrl });
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);

    // Every request to the llm-gateway's queue is observed here (a core subscription sees each publish).
    llmTap = nc.subscribe(names.subjects.llmRequestsAll());
    void (async () => {
      for await (const m of llmTap!) llmRequests.push(llmRequestSchema.parse(m.json()));
    })();
    if (!realGateway) {
      // Without a built gateway the test serves the request queue itself.
      process.stderr.write(`[engine-worker test] ${LLM_GATEWAY_MAIN} not built: answering llm requests in the test\n`);
      const topology = llmRequestQueueTopology(names, { providers: ['mock'], limits: {} });
      await ensureLlmRequestQueue(jsm, topology);
      standIn = await serveLlmRequestQueue(
        { nc, stream: topology.stream.name, consumers: topology.consumers.map((c) => c.config), ackWaitMs: topology.ackWaitMs, maxConcurrent: 16, log: console, replies: { undecodable: (m) => ({ ok: false, error: { code: 'bad_request', message: m, retryable: false } }), failed: (m) => ({ ok: false, error: { code: 'internal', message: m, retryable: false } }) } },
        async (data) => mockAnswer(llmRequestSchema.parse(data)),
      );
    }

    const services: StackServiceSpec[] = [{ name: 'engine-actor' }];
    if (realGateway) services.push({ name: 'llm-gateway' });
    const logDir = join(repoRoot, 'var', 'test-logs', namespace);
    mkdirSync(logDir, { recursive: true });
    stack = startStack({
      rootDir: repoRoot,
      env: { NATS_URL: natsUrl, SCRAI_NAMESPACE: namespace, LOG_LEVEL: 'info', SCRAI_ENGINE_CONCURRENCY: '4', SCRAI_MOCK_LATENCY: '0' },
      services,
      logDir,
      stopGraceMs: 10_000,
    });
    const expected = services.map((s) => s.name as ServiceName);
    await until('the services to be ready', async () => {
      const replies = await collectHealth(nc, names, 500);
      return expected.every((svc) => replies.some((r) => r.service === svc && r.ready)) && replies;
    }, 60_000);
  });

  afterAll(async () => {
    await stack?.stop();
    await standIn?.stop(1_000);
    llmTap?.unsubscribe();
    await nc?.close();
    await deleteNamespace(namespace, natsUrl);
  });

  it('reports its consumer in its readiness checks', async () => {
    const replies = await collectHealth(nc, names, 500);
    const actor = replies.find((r) => r.service === 'engine-actor');
    expect(actor?.checks.consumer).toEqual({ ok: true });
  });

  it('answers an actor.turn task with a task_result on CMD and acks the task', async () => {
    const runId = randomUUID();
    const task = actorTask(runId, 3);
    await publishJson(js, names.subjects.task('actor', runId), task, { msgID: task.task_id });

    const sm = await until('the task result on CMD', () => lastOn(names.streams.cmd, names.subjects.cmd(runId, 'result')));
    expect(sm.header.get('Nats-Msg-Id')).toBe(`${runId}:r3`);
    const input = orchestratorInputSchema.parse(sm.json());
    if (input.kind !== 'task_result') throw new Error(`expected a task_result, got ${JSON.stringify(input)}`);
    expect(input).toMatchObject({ run_id: runId, seq: 3, engine_id: 'engine-actor-0' });
    expect(actorTurnOutputSchema.safeParse(input.output).success).toBe(true);
    expect(input.usage).toMatchObject({ provider: 'mock', model: 'mock-1' });

    const first = llmRequests.find((r) => r.request_id === `${task.task_id}:d1:a1`);
    expect(first).toMatchObject({ run_id: runId, agent_id: 'alice', seed: 777, hints: { task_kind: 'actor.turn', last_line: 'We ship tomorrow.' } });
    expect(first?.system).toContain('Skeptical engineer');

    await until('the TASKS stream to be empty', async () => (await streamMessages(names.streams.tasks)) === 0);
  });

  it('dead-letters an undecodable task with X-Dlq-Reason: undecodable', async () => {
    const runId = randomUUID();
    await publishJson(js, names.subjects.task('actor', runId), { nope: 1 }, { msgID: `${runId}:bad` });

    const dl = await until('the dead letter', () => lastOn(names.streams.dlq, names.subjects.dlq(names.consumers.engine('actor'), runId)));
    expect(dl.header.get(DLQ_HEADERS.reason)).toBe('undecodable');
    expect(dl.header.get(DLQ_HEADERS.originalSubject)).toBe(names.subjects.task('actor', runId));
    expect(dl.header.get(DLQ_HEADERS.originalMsgId)).toBe(`${runId}:bad`);
    expect(dl.json()).toEqual({ nope: 1 });
    await until('the TASKS stream to be empty', async () => (await streamMessages(names.streams.tasks)) === 0);
    expect(await lastOn(names.streams.cmd, names.subjects.cmd(runId, 'result'))).toBeNull();
  });

  it('the NATS LLM client is answered again for a request id it sent before (a requeued task asks under its first ids)', async () => {
    const client = createNatsLlmClient({ nc, names, timeoutMs: 10_000 });
    try {
      const req = llmRequestSchema.parse({ request_id: `${randomUUID()}:d1:a1`, provider: 'mock', model: 'mock-1', messages: [{ role: 'user', content: 'hi' }], cache_mode: 'off' });
      const first = await client.generate(req);
      const again = await client.generate(req);
      expect([first.ok, again.ok]).toEqual([true, true]);
    } finally {
      client.close();
    }
  });

  it('the NATS LLM client turns no request queue, no answer and unreadable replies into RetryableError', async () => {
    const lonelyNamespace = uniqueNamespace('ew-none');
    const lonely = brokerNames(lonelyNamespace);
    const req = llmRequestSchema.parse({ request_id: 'r:a1', provider: 'mock', model: 'mock-1', messages: [{ role: 'user', content: 'hi' }] });
    const client = createNatsLlmClient({ nc, names: lonely, timeoutMs: 1_000 });
    try {
      // no llm-gateway ever booted in this namespace: no stream, the publish fails at once
      const t0 = Date.now();
      const noQueue = await client.generate(req).catch((e: unknown) => e);
      expect(noQueue).toBeInstanceOf(RetryableError);
      expect(noQueue).toMatchObject({ code: 'llm_unavailable', message: expect.stringContaining(lonely.streams.llmRequests) });
      expect(Date.now() - t0).toBeLessThan(900);

      // the queue exists but nobody pulls: the caller gives up at its deadline
      await ensureLlmRequestQueue(jsm, llmRequestQueueTopology(lonely, { providers: ['mock'], limits: {} }));
      const noAnswer = await client.generate({ ...req, request_id: 'r:a2' }).catch((e: unknown) => e);
      expect(noAnswer).toMatchObject({ code: 'llm_unavailable', message: expect.stringContaining('did not answer request r:a2 within 1000 ms') });

      // something answers on the inbox with a body that is not an LlmReply
      const garbled = nc.subscribe(lonely.subjects.llmRequestsAll());
      void (async () => {
        for await (const m of garbled) {
          const inbox = m.headers?.get(LLM_QUEUE_HEADERS.replyTo);
          if (inbox) nc.publish(inbox, JSON.stringify({ ok: false, status: 500, error: { error: 'internal', message: 'boom', details: [] } }));
        }
      })();
      try {
        const bad = await client.generate({ ...req, request_id: 'r:a3' }).catch((e: unknown) => e);
        expect(bad).toBeInstanceOf(RetryableError);
        expect(bad).toMatchObject({ code: 'llm_bad_reply' });
      } finally {
        garbled.unsubscribe();
      }
    } finally {
      client.close();
      await deleteNamespace(lonelyNamespace, natsUrl);
    }
  });
});
