import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { brokerNames, parseLlmConfig } from '@scrai/contracts';
import { createKvTokenBucket, ensureLlmRequestQueue, llmRequestQueueTopology, openLimitsBucket, type KvTokenBucket } from '@scrai/llm-limits';
import { testNatsUrl } from '../harness/test-namespace.js';

const REPLICAS = 3;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/**
 * Rate limits shared by gateway replicas, against the real nats-server: three connections stand
 * for three replicas, each with its own limiter instance on one KV key.
 */
describe('LLM limits shared across replicas (real nats-server)', () => {
  const conns: NatsConnection[] = [];
  let bucketName: string;

  beforeAll(async () => {
    for (let i = 0; i < REPLICAS; i++) conns.push(await connect({ servers: testNatsUrl(), name: `llm-gateway-${i}` }));
  });
  afterAll(async () => {
    for (const nc of conns) await nc.close();
  });

  async function replicas(o: { capacity: number; refillPerSecond: number }): Promise<KvTokenBucket[][]> {
    bucketName = unique('llm-limits');
    const out: KvTokenBucket[][] = [];
    for (const nc of conns) {
      const kv = await openLimitsBucket(nc, bucketName);
      out.push([createKvTokenBucket({ kv, key: 'rl.p.openai.rpm', ...o })]);
    }
    return out;
  }
  afterEach(async () => {
    if (bucketName) await new Kvm(conns[0]!).open(bucketName).then((kv: KV) => kv.destroy()).catch(() => undefined);
  });

  it('three replicas hammering one bucket never get more than capacity + rate × elapsed, in total or in any window', async () => {
    const capacity = 20;
    const rate = 50;
    const buckets = (await replicas({ capacity, refillPerSecond: rate })).flat();
    const grants: number[] = [];
    const t0 = Date.now();
    const until = t0 + 3000;
    // Two acquire loops per replica: they sleep until the bucket refills, wake together and race.
    await Promise.all(
      buckets.flatMap((b) =>
        [0, 1].map(async () => {
          while (Date.now() < until) {
            await b.acquire(1);
            grants.push(Date.now());
          }
        }),
      ),
    );
    const elapsedS = (grants.at(-1)! - t0) / 1000;
    const bound = capacity + rate * elapsedS;
    expect(grants.length).toBeLessThanOrEqual(Math.ceil(bound));
    expect(grants.length).toBeGreaterThan(0.8 * bound); // the limiter lets the rate through, not a trickle
    // Any window [t_i, t_j]: at most capacity + rate·(t_j − t_i), give or take one grant of timing noise.
    grants.sort((a, b) => a - b);
    for (let i = 0; i < grants.length; i++) {
      for (let j = i; j < grants.length; j++) {
        expect(j - i + 1).toBeLessThanOrEqual(capacity + rate * ((grants[j]! - grants[i]!) / 1000) + 1);
      }
    }
    const stats = buckets.map((b) => b.stats());
    expect(stats.every((s) => s.granted > 0)).toBe(true); // every replica got a share
  }, 30_000);

  it('retries compare-and-set conflicts instead of losing them: every grant is one token taken', async () => {
    const capacity = 600;
    const buckets = (await replicas({ capacity, refillPerSecond: 0.001 })).flat();
    let granted = 0;
    // Four tight take() loops per replica on three connections: the writes race constantly.
    await Promise.all(
      buckets.flatMap((b) =>
        [0, 1, 2, 3].map(async () => {
          for (;;) {
            const r = await b.take(1);
            if (!r.ok) return;
            granted++;
          }
        }),
      ),
    );
    const stats = buckets.map((b) => b.stats());
    const conflicts = stats.reduce((n, s) => n + s.casConflicts, 0);
    expect(conflicts).toBeGreaterThan(0);
    // A lost race that counted as a grant would make this larger than the capacity (plus a sliver of refill).
    expect(granted).toBeGreaterThanOrEqual(capacity);
    expect(granted).toBeLessThanOrEqual(capacity + 1);
    const kv = await new Kvm(conns[0]!).open(bucketName);
    const state = (await kv.get('rl.p.openai.rpm'))!.json<{ tokens: number; ts: number }>();
    expect(state.tokens).toBeGreaterThan(-0.001);
    expect(state.tokens).toBeLessThan(1);
  }, 30_000);
});

/** Concurrency capped by the broker: a provider's shared consumer lets max_concurrency requests out across replicas. */
describe('LLM request queue concurrency (real nats-server)', () => {
  const conns: NatsConnection[] = [];
  const names = brokerNames(unique('llmq'));
  const stream = names.streams.llmRequests;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) conns.push(await connect({ servers: testNatsUrl(), name: `llm-gateway-${i}` }));
  });
  afterAll(async () => {
    const jsm = await jetstreamManager(conns[0]!);
    await jsm.streams.delete(stream).catch(() => undefined);
    for (const nc of conns) await nc.close();
  });

  it('never has more than max_concurrency requests of a provider out, whichever replicas ask', async () => {
    const config = parseLlmConfig('providers: { openai: { kind: openai } }\nlimits: { openai: { max_concurrency: 2 } }', 'yaml');
    const topology = llmRequestQueueTopology(names, { providers: Object.keys(config.providers), limits: config.limits });
    await ensureLlmRequestQueue(await jetstreamManager(conns[0]!), topology);
    await ensureLlmRequestQueue(await jetstreamManager(conns[1]!), topology); // a second replica booting: idempotent
    const js = jetstream(conns[0]!);
    for (let i = 0; i < 5; i++) await js.publish(names.subjects.llmRequest('openai', 'gpt-4o-mini'), JSON.stringify({ i }));

    const [a, b] = await Promise.all(conns.map((nc) => jetstream(nc).consumers.get(stream, names.consumers.llmProvider('openai'))));
    const fetchAll = async (c: typeof a, max: number) => {
      const out = [];
      for await (const m of await c!.fetch({ max_messages: max, expires: 1000 })) out.push(m);
      return out;
    };
    const heldByA = await fetchAll(a, 5);
    expect(heldByA).toHaveLength(2);
    expect(await fetchAll(b, 5)).toHaveLength(0);
    await heldByA[0]!.ackAck();
    expect(await fetchAll(b, 5)).toHaveLength(1);
  }, 30_000);
});
