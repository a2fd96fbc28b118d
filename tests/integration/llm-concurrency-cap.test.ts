import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { brokerNames, llmRequestSchema, type LlmReply, type LlmRequest } from '@scrai/contracts';
import { createNatsLlmClient, type NatsLlmClient } from '@scrai/engine-worker';
import { openAiWire } from '../../libs/llm/test/fake-servers/fake-openai-server.js';
import { buildGateway, startGatewayProcess, stopGatewayProcess, waitGatewaysReady, type GatewayProcess } from '../harness/llm-gateway-process.js';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';

const KEY_VAR = 'SCRAI_TEST_SLOW_OPENAI_KEY';
const REPLICAS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Arrival {
  /** The API key of the replica that sent it (each replica has its own). */
  key: string;
  /** The request's last message: unique per request in these tests. */
  content: string;
  model: string;
  at: number;
}

/**
 * An OpenAI-format chat endpoint that answers each request after `delayMs`, and measures what the
 * cap is about: how many requests it has open at once (`peak`), and which replica holds which.
 */
interface SlowOpenAi {
  url: string;
  delayMs: number;
  peak: number;
  arrivals: Arrival[];
  /** API key → contents of the requests it has open right now. */
  open: Map<string, Set<string>>;
  reset(): void;
  close(): Promise<void>;
}

async function startSlowOpenAi(delayMs: number): Promise<SlowOpenAi> {
  let current = 0;
  let seq = 0;
  const sockets = new Set<Socket>();
  const fake: SlowOpenAi = {
    url: '',
    delayMs,
    peak: 0,
    arrivals: [],
    open: new Map(),
    reset() {
      fake.peak = current;
      fake.arrivals.splice(0);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { model?: string; messages?: Array<{ content?: unknown }> };
      const key = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const content = String(body.messages?.at(-1)?.content ?? '');
      fake.arrivals.push({ key, content, model: String(body.model), at: Date.now() });
      const open = fake.open.get(key) ?? new Set<string>();
      fake.open.set(key, open);
      open.add(content);
      current++;
      fake.peak = Math.max(fake.peak, current);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        current--;
        open.delete(content);
      };
      const timer = setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(openAiWire.json({ kind: 'answer', text: `answer to ${content}` }, body, ++seq)));
        finish();
      }, fake.delayMs);
      // a replica killed mid-call closes its socket: the request is no longer open here
      res.on('close', () => {
        clearTimeout(timer);
        finish();
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

/**
 * Issue 4 point 4: a provider's `max_concurrency` is enforced by the broker across llm-gateway
 * replicas (each provider's requests wait on one shared JetStream consumer whose max_ack_pending is
 * the cap), measured at the provider: three replicas as separate processes against the real
 * nats-server, and a fake OpenAI server that counts the requests it has open at once.
 */
describe('max_concurrency across llm-gateway replicas (own processes, real nats-server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrai-llm-cap-'));
  let fake: SlowOpenAi;
  let nc: NatsConnection;

  const request = (content: string, over: Partial<LlmRequest> = {}): LlmRequest =>
    llmRequestSchema.parse({
      request_id: randomUUID(),
      run_id: randomUUID(),
      provider: 'openai',
      model: 'gpt-test',
      messages: [{ role: 'user', content }],
      max_tokens: 16,
      // every request must reach the fake: the shared answer cache would answer repeats
      cache_mode: 'off',
      ...over,
    });

  /** A config file capping provider openai at `cap` (openrouter: the same fake, no cap). */
  function writeConfig(name: string, cap: number): string {
    const path = join(dir, `${name}.yaml`);
    writeFileSync(
      path,
      `providers:
  openai: { kind: openai, base_url: "${fake.url}", api_key_env: ${KEY_VAR}, timeout_ms: 20000 }
  openrouter: { kind: openai_compatible, base_url: "${fake.url}", api_key_env: ${KEY_VAR}, timeout_ms: 20000 }
retry: { max_attempts: 2, initial_delay_ms: 20, max_delay_ms: 100, jitter: 0 }
limits:
  openai: { max_concurrency: ${cap} }
`,
    );
    return path;
  }

  /** `REPLICAS` gateways of one namespace and config; replica i sends its calls with API key `sk-replica-<i>`. */
  async function startReplicas(namespace: string, configPath: string, env: Record<string, string> = {}): Promise<GatewayProcess[]> {
    const gateways = Array.from({ length: REPLICAS }, (_, i) => startGatewayProcess(namespace, { SCRAI_LLM_CONFIG: configPath, [KEY_VAR]: `sk-replica-${i}`, ...env }));
    try {
      await waitGatewaysReady(nc, brokerNames(namespace), gateways);
    } catch (e) {
      await Promise.all(gateways.map(stopGatewayProcess));
      throw e;
    }
    return gateways;
  }

  /** Sends all at once through the engines' client and waits for every reply. */
  async function burst(client: NatsLlmClient, requests: LlmRequest[]): Promise<LlmReply[]> {
    return Promise.all(requests.map((r) => client.generate(r)));
  }

  beforeAll(async () => {
    buildGateway();
    fake = await startSlowOpenAi(300);
    nc = await connect({ servers: testNatsUrl() });
  });

  afterAll(async () => {
    await nc?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('40 requests at once through 3 replicas: never more than max_concurrency 3 at the provider, all answered; with the cap at 6, more', async () => {
    const namespace = uniqueNamespace('t');
    const names = brokerNames(namespace);
    const client = createNatsLlmClient({ nc, names, timeoutMs: 60_000 });
    const jsm = await jetstreamManager(nc);
    let gateways: GatewayProcess[] = [];
    try {
      fake.delayMs = 300;
      gateways = await startReplicas(namespace, writeConfig('cap3', 3));
      const consumer = await jsm.consumers.info(names.streams.llmRequests, names.consumers.llmProvider('openai'));
      expect(consumer.config.max_ack_pending).toBe(3);

      fake.reset();
      const replies = await burst(client, Array.from({ length: 40 }, (_, i) => request(`cap3 request ${i}`)));
      const byReplica = new Set(fake.arrivals.map((a) => a.key));
      process.stderr.write(`[llm cap] cap 3: peak ${fake.peak} open at the provider, ${fake.arrivals.length} calls from ${byReplica.size} replicas\n`);
      expect(replies.filter((r) => r.ok)).toHaveLength(40);
      expect(fake.arrivals).toHaveLength(40);
      expect(fake.peak).toBeLessThanOrEqual(3);
      expect(fake.peak).toBe(3);
      // the cap held across replicas, not because one replica did all the work
      expect(byReplica.size).toBeGreaterThan(1);

      // issue 4, agents' provider: any configured id (here openrouter, an openai_compatible server) is served ...
      fake.reset();
      const routed = await client.generate(request('via openrouter', { provider: 'openrouter', model: 'meta-llama/llama-3.1-8b' }));
      if (!routed.ok) throw new Error(`${routed.error.code}: ${routed.error.message}`);
      expect(routed.result).toMatchObject({ provider: 'openrouter', model: 'meta-llama/llama-3.1-8b', text: 'answer to via openrouter' });
      expect(fake.arrivals.map((a) => a.model)).toEqual(['meta-llama/llama-3.1-8b']);
      // ... and an id the gateway does not have is answered at once, permanently, naming the configured ones
      const unknown = await client.generate(request('via nowhere', { provider: 'together' }));
      expect(unknown).toMatchObject({ ok: false, error: { code: 'provider_not_configured', retryable: false } });
      expect(!unknown.ok && unknown.error.message).toContain('(configured: mock, openai, openrouter)');

      await Promise.all(gateways.map(stopGatewayProcess));
      // the same namespace with the cap raised: the consumer takes the new max_ack_pending
      gateways = await startReplicas(namespace, writeConfig('cap6', 6));
      fake.reset();
      const more = await burst(client, Array.from({ length: 40 }, (_, i) => request(`cap6 request ${i}`)));
      process.stderr.write(`[llm cap] cap 6: peak ${fake.peak} open at the provider\n`);
      expect(more.filter((r) => r.ok)).toHaveLength(40);
      expect(fake.peak).toBeGreaterThan(3);
      expect(fake.peak).toBeLessThanOrEqual(6);
    } finally {
      client.close();
      await Promise.all(gateways.map(stopGatewayProcess));
      await deleteNamespace(namespace);
    }
  }, 120_000);

  it('a replica killed (SIGKILL) while holding requests loses none: they are answered by another replica after ack_wait', async () => {
    const namespace = uniqueNamespace('t');
    const names = brokerNames(namespace);
    const client = createNatsLlmClient({ nc, names, timeoutMs: 60_000 });
    const ackWaitMs = 1_500;
    let gateways: GatewayProcess[] = [];
    try {
      fake.delayMs = 1_000;
      gateways = await startReplicas(namespace, writeConfig('kill', 3), { SCRAI_LLM_QUEUE_ACK_WAIT_MS: String(ackWaitMs) });
      fake.reset();
      const contents = Array.from({ length: 12 }, (_, i) => `kill request ${i}`);
      const pending = burst(client, contents.map((c) => request(c)));

      // the first replica seen holding a call at the provider is killed mid-call
      let victim = -1;
      for (const deadline = Date.now() + 15_000; victim < 0; await sleep(10)) {
        if (Date.now() > deadline) throw new Error('no replica reached the provider');
        victim = gateways.findIndex((_, i) => (fake.open.get(`sk-replica-${i}`)?.size ?? 0) > 0);
      }
      const held = [...fake.open.get(`sk-replica-${victim}`)!];
      gateways[victim]!.child.kill('SIGKILL');
      const killedAt = Date.now();

      const replies = await pending;
      expect(replies.filter((r) => r.ok)).toHaveLength(12);
      expect(replies.map((r) => r.ok && r.result.text).sort()).toEqual(contents.map((c) => `answer to ${c}`).sort());
      // every call the dead replica had started (it answered none: each takes 1 s) was asked again by
      // a living one, once ack_wait had passed
      const started = [...new Set(fake.arrivals.filter((a) => a.key === `sk-replica-${victim}`).map((a) => a.content))];
      expect(started).toEqual(expect.arrayContaining(held));
      for (const content of started) {
        const again = fake.arrivals.filter((a) => a.content === content && a.key !== `sk-replica-${victim}`);
        expect(again).toHaveLength(1);
        expect(again[0]!.at - killedAt).toBeGreaterThanOrEqual(ackWaitMs / 2);
      }
      // and nothing else was called twice: living replicas kept their requests with working()
      const twice = contents.filter((c) => fake.arrivals.filter((a) => a.content === c).length > 1);
      expect(twice.sort()).toEqual(started.sort());
      expect(fake.peak).toBeLessThanOrEqual(3);
      process.stderr.write(`[llm cap] killed replica ${victim} holding ${held.length} calls; all 12 answered, peak ${fake.peak}\n`);
    } finally {
      client.close();
      await Promise.all(gateways.map(stopGatewayProcess));
      await deleteNamespace(namespace);
    }
  }, 120_000);
});
