import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import {
  LLM_QUEUE_HEADERS,
  actorTurnOutputSchema,
  brokerNames,
  jsonSchemaOf,
  llmCallRecordSchema,
  llmReplySchema,
  type LlmReply,
  type LlmRequestInput,
} from '@scrai/contracts';
import { createLlmQueueClient, type LlmQueueClient } from '@scrai/engine-worker';
import { buildGateway, startGatewayProcess, stopGatewayProcess, waitGatewaysReady, type GatewayProcess } from '../harness/llm-gateway-process.js';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The llm-gateway as its own OS process against the real nats-server: it answers requests from its
 * JetStream request queue with the deterministic mock provider and records every call on the
 * LLM_CALLS stream.
 */
describe('llm-gateway (own process, real nats-server)', () => {
  const namespace = uniqueNamespace('t');
  const names = brokerNames(namespace);
  const natsUrl = testNatsUrl();
  let gw: GatewayProcess;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let queue: LlmQueueClient;

  const actorRequest = (over: Partial<LlmRequestInput> = {}): LlmRequestInput => ({
    request_id: randomUUID(),
    run_id: randomUUID(),
    agent_id: 'alice',
    provider: 'mock',
    model: 'mock-1',
    system: 'You are alice, a skeptical engineer.',
    messages: [{ role: 'user', content: 'bob said: "We ship tomorrow." Your turn; answer in JSON.' }],
    temperature: 0.7,
    max_tokens: 256,
    seed: 777,
    response_format: { type: 'json_schema', name: 'actor_turn', schema: jsonSchemaOf(actorTurnOutputSchema, 'output') },
    hints: {
      task_kind: 'actor.turn',
      agent_id: 'alice',
      persona_role: 'Skeptical engineer',
      goals: ['Find the flaw'],
      participants: ['bob'],
      last_speaker: 'bob',
      last_line: 'We ship tomorrow.',
      turn: 2,
      max_turns: 6,
    },
    ...over,
  });

  /** Any body, as the engines send it (the route from its fields; bad bodies too). */
  async function generate(body: { request_id?: string; provider?: string; model?: string } & Record<string, unknown>): Promise<LlmReply> {
    const route = { provider: body.provider ?? 'mock', model: body.model ?? 'none', requestId: body.request_id ?? randomUUID() };
    return llmReplySchema.parse(await queue.send(body, route));
  }

  beforeAll(async () => {
    buildGateway();
    gw = startGatewayProcess(namespace, { NATS_URL: natsUrl, SCRAI_MOCK_LATENCY: 'fixed:20', LOG_LEVEL: 'info' });
    nc = await connect({ servers: natsUrl });
    jsm = await jetstreamManager(nc);
    queue = createLlmQueueClient({ nc, names, timeoutMs: 10_000 });
    await waitGatewaysReady(nc, names, [gw]);
  });

  afterAll(async () => {
    if (gw) await stopGatewayProcess(gw);
    queue?.close();
    await nc?.close();
    await deleteNamespace(namespace, natsUrl);
  });

  it('creates the request queue at boot: a stream with a subject and a shared consumer per provider, and the unrouted one', async () => {
    const stream = await jsm.streams.info(names.streams.llmRequests);
    expect(stream.config.subjects).toEqual([names.subjects.llmRequestsOf('mock'), names.subjects.llmUnrouted()]);
    const mock = await jsm.consumers.info(names.streams.llmRequests, names.consumers.llmProvider('mock'));
    expect(mock.config).toMatchObject({ filter_subject: names.subjects.llmRequestsOf('mock'), ack_wait: 30_000 * 1e6 });
    expect((await jsm.consumers.info(names.streams.llmRequests, names.consumers.llmUnrouted)).config.filter_subject).toBe(names.subjects.llmUnrouted());
  });

  it('answers an actor turn with JSON that validates against the requested schema', async () => {
    const reply = await generate(actorRequest());
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    const turn = actorTurnOutputSchema.parse(JSON.parse(reply.result.text));
    expect(turn.content.length).toBeGreaterThan(0);
    expect(reply.result).toMatchObject({ provider: 'mock', model: 'mock-1', cached: false, finish_reason: 'stop' });
    expect(reply.result.latency_ms).toBeGreaterThanOrEqual(19);
    expect(reply.result.usage.tokens_out).toBe(Math.ceil(reply.result.text.length / 4));
  });

  it('answers two identical requests identically (only the request id differs)', async () => {
    // the cache off: the mock itself answers both
    const a = await generate(actorRequest({ request_id: randomUUID(), cache_mode: 'off' }));
    const b = await generate(actorRequest({ request_id: randomUUID(), cache_mode: 'off' }));
    if (!a.ok || !b.ok) throw new Error('expected two answers');
    expect(b.result.text).toBe(a.result.text);
    expect(b.result.provider_request_id).toBe(a.result.provider_request_id);
    expect([a.result.cached, b.result.cached]).toEqual([false, false]);
    // read_write (the default): the first stores the answer in the shared cache, the second is a hit
    const c = await generate(actorRequest({ seed: 3131 }));
    const d = await generate(actorRequest({ seed: 3131 }));
    if (!c.ok || !d.ok) throw new Error('expected two answers');
    expect([c.result.cached, d.result.cached]).toEqual([false, true]);
    expect(d.result.text).toBe(c.result.text);
    const other = await generate(actorRequest({ seed: 778 }));
    expect(other.ok && other.result.text).not.toBe(a.result.text);
  });

  it('records each call on the LLM_CALLS stream under the request id', async () => {
    const req = actorRequest({ cache_mode: 'off' });
    const reply = await generate(req);
    if (!reply.ok) throw new Error(reply.error.message);
    const subject = names.subjects.llmCall(req.run_id!);
    let raw: unknown;
    for (const deadline = Date.now() + 10_000; raw === undefined && Date.now() < deadline; ) {
      const m = await jsm.streams.getMessage(names.streams.llmCalls, { last_by_subj: subject }).catch(() => null);
      if (m) raw = m.json();
      else await sleep(50);
    }
    const rec = llmCallRecordSchema.parse(raw);
    expect(rec).toMatchObject({
      id: req.request_id,
      run_id: req.run_id,
      agent_id: 'alice',
      provider: 'mock',
      model: 'mock-1',
      tokens_in: reply.result.usage.tokens_in,
      tokens_out: reply.result.usage.tokens_out,
      status: 'ok',
      error: null,
      cached: false,
    });
    const stored = await jsm.streams.getMessage(names.streams.llmCalls, { last_by_subj: subject });
    expect(stored?.header?.get('Nats-Msg-Id')).toBe(req.request_id);
  });

  it('answers bad requests and unconfigured providers with permanent errors, as data', async () => {
    expect(await generate({ request_id: 'x', provider: 'mock' })).toMatchObject({ ok: false, error: { code: 'bad_request', retryable: false } });
    const runId = randomUUID();
    const reply = await generate(actorRequest({ provider: 'openai', run_id: runId }));
    expect(reply).toMatchObject({ ok: false, error: { code: 'provider_not_configured', retryable: false, message: expect.stringContaining('(configured: mock)') } });
    let rec: unknown;
    for (const deadline = Date.now() + 10_000; rec === undefined && Date.now() < deadline; ) {
      const m = await jsm.streams.getMessage(names.streams.llmCalls, { last_by_subj: names.subjects.llmCall(runId) }).catch(() => null);
      if (m) rec = m.json();
      else await sleep(50);
    }
    expect(llmCallRecordSchema.parse(rec)).toMatchObject({ status: 'error', provider: 'openai' });
  });

  it('answers a body that is not JSON with bad_request, and acks a request past its deadline without a call', async () => {
    const js = jetstream(nc);
    const inbox = `_INBOX.${randomUUID().replace(/-/g, '')}`;
    const sub = nc.subscribe(inbox, { max: 1 });
    const h = headers();
    h.set(LLM_QUEUE_HEADERS.replyTo, inbox);
    h.set(LLM_QUEUE_HEADERS.deadline, String(Date.now() + 10_000));
    await js.publish(names.subjects.llmRequest('mock', 'mock-1'), 'not json', { msgID: randomUUID(), headers: h });
    const timer = setTimeout(() => sub.unsubscribe(), 10_000);
    const replies: unknown[] = [];
    for await (const m of sub) replies.push(m.json());
    clearTimeout(timer);
    expect(replies).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'bad_request', retryable: false }) })]);

    const late = actorRequest({ cache_mode: 'off' });
    const lateInbox = `${inbox}-late`;
    const lateSub = nc.subscribe(lateInbox);
    const lh = headers();
    lh.set(LLM_QUEUE_HEADERS.replyTo, lateInbox);
    lh.set(LLM_QUEUE_HEADERS.deadline, String(Date.now() - 1));
    await js.publish(names.subjects.llmRequest('mock', 'mock-1'), JSON.stringify(late), { msgID: late.request_id, headers: lh });
    for (const deadline = Date.now() + 10_000; (await jsm.streams.info(names.streams.llmRequests)).state.messages > 0; await sleep(50)) {
      if (Date.now() > deadline) throw new Error('the late request was not acked');
    }
    // acked, never answered, never called: no reply and no call record
    await sleep(300);
    expect(lateSub.getReceived()).toBe(0);
    lateSub.unsubscribe();
    expect(await jsm.streams.getMessage(names.streams.llmCalls, { last_by_subj: names.subjects.llmCall(late.run_id!) }).catch(() => null)).toBeNull();
  });
});
