import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { z } from 'zod';
import { brokerNames, type BrokerNames } from '@scrai/contracts';
import { createLogger } from '@scrai/observability';
import { DLQ_HEADERS, PermanentError, RetryableError, ensureTopology, publishJson, startWorkLoop, type WorkLoop } from '@scrai/messaging';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';

const log = createLogger({ service: 'gateway', instanceId: 'messaging-test', level: 'silent' });
const jobSchema = z.object({ n: z.number().int(), mode: z.enum(['ok', 'retry', 'retry-once', 'permanent']) });
type Job = z.infer<typeof jobSchema>;

/** The JetStream work loop against the real nats-server: ack, nak with a delay, dead-letter. */
describe('JetStream work loop (real nats-server)', () => {
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let names: BrokerNames;
  let loop: WorkLoop;
  const deliveries = new Map<number, number[]>();
  const namespace = uniqueNamespace('msg');

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
    names = brokerNames(namespace);
    jsm = await ensureTopology(nc, names, { taskAckWaitMs: { actor: 5_000 }, taskMaxDeliver: 3 });
    js = jetstream(nc);
    const consumer = await js.consumers.get(names.streams.tasks, names.consumers.engine('actor'));
    loop = startWorkLoop<Job>({
      js,
      names,
      consumer,
      schema: jobSchema,
      concurrency: 4,
      policy: { maxDeliver: 3, initialDelayMs: 700, maxDelayMs: 5_000, multiplier: 2 },
      workingEveryMs: 1_000,
      workerId: 'worker-under-test',
      log,
      runIdOf: (subject) => subject.split('.').at(-1),
      handle: async (job, ctx) => {
        const seen = deliveries.get(job.n) ?? [];
        seen.push(Date.now());
        deliveries.set(job.n, seen);
        if (job.mode === 'permanent') throw new PermanentError('this job can never work', 'bad_job');
        if (job.mode === 'retry') throw new RetryableError('try later');
        if (job.mode === 'retry-once' && ctx.deliveryCount === 1) throw new RetryableError('once more', 'transient', 1_500);
      },
    });
  });

  afterAll(async () => {
    await loop?.stop();
    await nc?.close();
    await deleteNamespace(namespace);
  });

  const pending = async () => (await jsm.consumers.info(names.streams.tasks, names.consumers.engine('actor'))).num_pending;
  const streamMsgs = async (stream: string) => (await jsm.streams.info(stream)).state.messages;
  const until = async (cond: () => Promise<boolean> | boolean, ms = 15_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await cond()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not met in time');
  };
  const dlqMessage = async (originalSubject: string) => {
    const info = await jsm.streams.info(names.streams.dlq);
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(names.streams.dlq, { seq }).catch(() => null);
      if (m && m.header.get(DLQ_HEADERS.originalSubject) === originalSubject) return m;
    }
    return null;
  };

  it('acks a message that was handled: it leaves the work queue after one delivery', async () => {
    await publishJson(js, names.subjects.task('actor', 'run-ok'), { n: 1, mode: 'ok' }, { msgID: 'job-1' });
    await until(() => deliveries.get(1)?.length === 1);
    await until(async () => (await streamMsgs(names.streams.tasks)) === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(deliveries.get(1)).toHaveLength(1);
  });

  it('naks a retryable failure with the delay it asked for, then acks the redelivery', async () => {
    await publishJson(js, names.subjects.task('actor', 'run-retry-once'), { n: 2, mode: 'retry-once' }, { msgID: 'job-2' });
    await until(() => deliveries.get(2)?.length === 2);
    const [first, second] = deliveries.get(2)!;
    expect(second! - first!).toBeGreaterThanOrEqual(1_400);
    await until(async () => (await streamMsgs(names.streams.tasks)) === 0);
  });

  it('backs off between deliveries and dead-letters after the last allowed one', async () => {
    const subject = names.subjects.task('actor', 'run-retry');
    await publishJson(js, subject, { n: 3, mode: 'retry' }, { msgID: 'job-3' });
    await until(() => deliveries.get(3)?.length === 3, 20_000);
    const t = deliveries.get(3)!;
    expect(t[1]! - t[0]!).toBeGreaterThanOrEqual(650); // 700 ms
    expect(t[2]! - t[1]!).toBeGreaterThanOrEqual(1_350); // 1400 ms
    let dead: Awaited<ReturnType<typeof dlqMessage>> = null;
    await until(async () => (dead = await dlqMessage(subject)) !== null);
    expect(dead!.header.get(DLQ_HEADERS.reason)).toBe('max_deliveries');
    expect(dead!.header.get(DLQ_HEADERS.deliveries)).toBe('3');
    expect(dead!.subject).toBe(names.subjects.dlq(names.consumers.engine('actor'), 'run-retry'));
    await until(async () => (await streamMsgs(names.streams.tasks)) === 0);
  });

  it('dead-letters a permanent failure at once', async () => {
    const subject = names.subjects.task('actor', 'run-permanent');
    await publishJson(js, subject, { n: 4, mode: 'permanent' }, { msgID: 'job-4' });
    let dead: Awaited<ReturnType<typeof dlqMessage>> = null;
    await until(async () => (dead = await dlqMessage(subject)) !== null);
    expect(deliveries.get(4)).toHaveLength(1);
    expect(dead!.header.get(DLQ_HEADERS.reason)).toBe('permanent:bad_job');
    expect(dead!.header.get(DLQ_HEADERS.error)).toBe('this job can never work');
    expect(dead!.header.get(DLQ_HEADERS.workerId)).toBe('worker-under-test');
  });

  it('dead-letters an undecodable message with its reason, keeping the payload, without calling the handler', async () => {
    const before = deliveries.size;
    const notJson = names.subjects.task('actor', 'run-garbage');
    await js.publish(notJson, '{this is not json', { msgID: 'job-garbage' });
    const wrongShape = names.subjects.task('actor', 'run-shape');
    await js.publish(wrongShape, JSON.stringify({ n: 'five' }), { msgID: 'job-shape' });
    let a: Awaited<ReturnType<typeof dlqMessage>> = null;
    let b: Awaited<ReturnType<typeof dlqMessage>> = null;
    await until(async () => (a = await dlqMessage(notJson)) !== null && (b = await dlqMessage(wrongShape)) !== null);
    expect(a!.header.get(DLQ_HEADERS.reason)).toBe('undecodable');
    expect(a!.header.get(DLQ_HEADERS.error)).toMatch(/^not JSON/);
    expect(a!.string()).toBe('{this is not json');
    expect(b!.header.get(DLQ_HEADERS.reason)).toBe('undecodable');
    expect(b!.header.get(DLQ_HEADERS.error)).toMatch(/n:/);
    expect(deliveries.size).toBe(before);
    await until(async () => (await pending()) === 0 && (await streamMsgs(names.streams.tasks)) === 0);
  });

  it('drops a republish with the same msgID (deterministic ids make publishes safe to repeat)', async () => {
    const a = await publishJson(js, names.subjects.task('actor', 'run-dup'), { n: 5, mode: 'ok' }, { msgID: 'job-5' });
    const b = await publishJson(js, names.subjects.task('actor', 'run-dup'), { n: 5, mode: 'ok' }, { msgID: 'job-5' });
    expect(b.duplicate).toBe(true);
    expect(b.seq).toBe(a.seq);
    await until(() => deliveries.get(5)?.length === 1);
  });
});
