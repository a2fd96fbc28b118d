import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { brokerNames, llmCallRecordSchema, llmRequestSchema, type LlmCallRecord, type LlmReply, type LlmRequestInput } from '@scrai/contracts';
import { createNatsLlmClient } from '@scrai/engine-worker';
import { perMinuteShape } from '@scrai/llm-limits';
import { startFakeOpenAi } from '../../libs/llm/test/fake-servers/fake-openai-server.js';
import type { FakeServer } from '../../libs/llm/test/fake-servers/fake-http-server.js';
import { buildGateway, startGatewayProcess, stopGatewayProcess, waitGatewaysReady, type GatewayProcess } from '../harness/llm-gateway-process.js';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KEY_VAR = 'SCRAI_TEST_FAKE_OPENAI_KEY';
const DUMMY_KEY = 'sk-test-dummy-key';

/** A built llm-gateway of `namespace` with a config file and the dummy key (harness/llm-gateway-process.ts). */
const startGateway = (o: { namespace: string; configPath: string; env?: Record<string, string> }): GatewayProcess =>
  startGatewayProcess(o.namespace, { SCRAI_LLM_CONFIG: o.configPath, [KEY_VAR]: DUMMY_KEY, ...o.env });

const request = (model: string, over: Partial<LlmRequestInput> = {}): LlmRequestInput => ({
  request_id: randomUUID(),
  run_id: randomUUID(),
  agent_id: 'alice',
  provider: 'openai',
  model,
  system: 'You are alice.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  max_tokens: 64,
  // these tests count requests at the fake server: the shared answer cache would answer repeats
  cache_mode: 'off',
  ...over,
});

function configYaml(fakeUrl: string, extra = ''): string {
  return `providers:
  openai: { kind: openai, base_url: "${fakeUrl}", api_key_env: ${KEY_VAR}, timeout_ms: 5000 }
models:
  openai/gpt-test: { price_in_per_million: 2, price_out_per_million: 8, context_window: 8000 }
  openai/gpt-backup: { price_in_per_million: 1, price_out_per_million: 1, context_window: 8000 }
fallbacks:
  openai/gpt-flaky: openai/gpt-backup
retry: { max_attempts: 3, initial_delay_ms: 20, max_delay_ms: 100, jitter: 0 }
${extra}`;
}

/**
 * The llm-gateway as separate processes against the real nats-server, talking through the official
 * `openai` client to a local fake OpenAI server named by its config file: answers, the one retry
 * loop, quota exhaustion, fallbacks, costs in the call records, and rate limits shared by replicas.
 */
describe('llm-gateway with configured providers (own processes, fake OpenAI, real nats-server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrai-llm-gw-'));
  let fake: FakeServer;
  /** Arrival time (ms) of each request at the fake, in order. */
  const arrivals: number[] = [];
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    buildGateway();
    fake = await startFakeOpenAi();
    // The fake records each request as it arrives (requests.push); stamp the time beside it.
    const push = fake.requests.push.bind(fake.requests);
    fake.requests.push = (...items) => {
      for (let i = 0; i < items.length; i++) arrivals.push(Date.now());
      return push(...items);
    };
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    fake.reset();
    arrivals.splice(0);
  });

  describe('one replica', () => {
    const namespace = uniqueNamespace('t');
    const names = brokerNames(namespace);
    let gw: GatewayProcess;
    const llm = () => createNatsLlmClient({ nc, names, timeoutMs: 15_000 });
    let client: ReturnType<typeof llm>;

    const generate = (body: LlmRequestInput): Promise<LlmReply> => client.generate(llmRequestSchema.parse(body));

    async function recordOf(runId: string): Promise<LlmCallRecord> {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
        const m = await jsm.streams.getMessage(names.streams.llmCalls, { last_by_subj: names.subjects.llmCall(runId) }).catch(() => null);
        if (m) return llmCallRecordSchema.parse(m.json());
      }
      throw new Error(`no call record for run ${runId}`);
    }

    beforeAll(async () => {
      const configPath = join(dir, 'one.yaml');
      writeFileSync(configPath, configYaml(fake.url));
      gw = startGateway({ namespace, configPath });
      await waitGatewaysReady(nc, names, [gw]);
      client = llm();
    });
    afterAll(async () => {
      client?.close();
      if (gw) await stopGatewayProcess(gw);
      await deleteNamespace(namespace);
    });

    it("answers with the fake's answer through the openai client and records tokens and cost", async () => {
      fake.script({ kind: 'answer', text: 'Hi from the fake.', usage: { in: 1000, out: 500 } });
      const req = request('gpt-test');
      const reply = await generate(req);
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}\n${gw.output}`);
      expect(reply.result).toMatchObject({ text: 'Hi from the fake.', provider: 'openai', model: 'gpt-test', usage: { tokens_in: 1000, tokens_out: 500 }, cached: false });
      expect(fake.count).toBe(1);
      expect(fake.requests[0]!.path).toBe('/chat/completions');
      expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${DUMMY_KEY}`);
      expect(fake.requests[0]!.body).toMatchObject({ model: 'gpt-test', max_completion_tokens: 64 });
      const rec = await recordOf(req.run_id!);
      expect(rec).toMatchObject({ id: req.request_id, provider: 'openai', model: 'gpt-test', tokens_in: 1000, tokens_out: 500, attempts: 1, requested_model: null, status: 'ok' });
      // 1000 × 2 + 500 × 8 per million tokens.
      expect(rec.cost_usd).toBeCloseTo(0.006, 12);
    });

    it('honours retry-after: a 429 asking for 300 ms, then an answer, is one ok reply after two requests', async () => {
      fake.script({ kind: 'rate_limit', retryAfterMs: '300' });
      const req = request('gpt-test');
      const t0 = performance.now();
      const reply = await generate(req);
      const took = performance.now() - t0;
      expect(reply.ok).toBe(true);
      expect(took).toBeGreaterThanOrEqual(300);
      expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(295);
      expect(fake.count).toBe(2);
      expect(await recordOf(req.run_id!)).toMatchObject({ attempts: 2, status: 'ok' });
    });

    it('fails an exhausted quota at once: quota_exhausted, not retryable, one request', async () => {
      fake.script({ kind: 'quota' });
      const req = request('gpt-test');
      const reply = await generate(req);
      expect(reply).toMatchObject({ ok: false, error: { code: 'quota_exhausted', retryable: false } });
      expect(fake.count).toBe(1);
      expect(await recordOf(req.run_id!)).toMatchObject({ attempts: 1, status: 'error', cost_usd: null });
    });

    it('falls back to the next model when one keeps failing past max_attempts, and records which was asked for', async () => {
      fake.script({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
      const req = request('gpt-flaky');
      const reply = await generate(req);
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
      expect(reply.result).toMatchObject({ provider: 'openai', model: 'gpt-backup' });
      expect(fake.requests.map((r) => r.body['model'])).toEqual(['gpt-flaky', 'gpt-flaky', 'gpt-flaky', 'gpt-backup']);
      const rec = await recordOf(req.run_id!);
      expect(rec).toMatchObject({ model: 'gpt-backup', requested_model: 'gpt-flaky', attempts: 4, status: 'ok' });
      // gpt-backup's price: 1 per million in and out.
      expect(rec.cost_usd).toBeCloseTo((rec.tokens_in + rec.tokens_out) / 1_000_000, 12);
    });

    it('passes a persistent failure without a fallback back as final (not retryable: the gateway owns provider retries), after max_attempts requests', async () => {
      fake.script({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
      const reply = await generate(request('gpt-test'));
      expect(reply).toMatchObject({ ok: false, error: { code: 'provider_error', retryable: false } });
      expect(fake.count).toBe(3);
    });
  });

  it('refuses to boot when a provider names a key variable that is not set, naming the variable', async () => {
    const configPath = join(dir, 'nokey.yaml');
    writeFileSync(configPath, configYaml(fake.url));
    const namespace = uniqueNamespace('t');
    const gw = startGateway({ namespace, configPath, env: { [KEY_VAR]: '' } });
    const code = await new Promise<number | null>((r) => gw.child.once('exit', r));
    await deleteNamespace(namespace);
    expect(code).toBe(1);
    expect(gw.output).toMatch(new RegExp(`providers\\.openai\\.api_key_env: environment variable ${KEY_VAR} is not set`));
  });

  it('three replicas sharing a requests_per_minute limit never let more through than the bucket allows in any window', async () => {
    const rpm = 120;
    const { capacity, refillPerSecond } = perMinuteShape(rpm);
    const namespace = uniqueNamespace('t');
    const names = brokerNames(namespace);
    const configPath = join(dir, 'limited.yaml');
    writeFileSync(configPath, configYaml(fake.url, `limits:\n  openai: { requests_per_minute: ${rpm} }\n`));
    const gateways = [0, 1, 2].map(() => startGateway({ namespace, configPath }));
    try {
      await waitGatewaysReady(nc, names, gateways);
      fake.reset();
      arrivals.splice(0);
      const t0 = Date.now();
      const until = t0 + 7000;
      let ok = 0;
      // Twelve callers keep one request each in flight; requests still queued at the end time out.
      await Promise.all(
        Array.from({ length: 12 }, async () => {
          while (Date.now() < until) {
            const client = createNatsLlmClient({ nc, names, timeoutMs: Math.max(100, until - Date.now()) });
            const reply = await client.generate(llmRequestSchema.parse(request('gpt-test'))).catch(() => null);
            client.close();
            if (reply?.ok) ok++;
          }
        }),
      );
      // Requests whose caller gave up still hold a place in the bucket; let the last ones land.
      await Promise.all(gateways.map(stopGatewayProcess));
      const n = arrivals.length;
      // Any window [a_i, a_j] of arrivals: its grants fall within it widened by how much the gateway→fake
      // delay can vary (1 s allowed: a loaded CI machine pauses processes; the bucket itself is exact).
      const DELAY_SPREAD_MS = 1000;
      let worst = { excess: -Infinity, count: 0, bound: 0, windowMs: 0 };
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const windowMs = arrivals[j]! - arrivals[i]!;
          const bound = capacity + (refillPerSecond * (windowMs + DELAY_SPREAD_MS)) / 1000;
          const count = j - i + 1;
          if (count - bound > worst.excess) worst = { excess: count - bound, count, bound, windowMs };
        }
      }
      const spanS = (arrivals[n - 1]! - t0) / 1000;
      process.stderr.write(
        `[llm-gateway rate limit] ${n} requests at the fake over ${spanS.toFixed(1)} s (bound ${(capacity + refillPerSecond * spanS).toFixed(1)} = ${capacity} + ${refillPerSecond}/s × span; ${ok} ok replies before the deadline); tightest window: ${worst.count} in ${worst.windowMs} ms vs bound ${worst.bound.toFixed(2)}\n`,
      );
      expect(worst.count).toBeLessThanOrEqual(worst.bound);
      // And the limiter is not needlessly strict: the bucket's allowance in the hammer's 7 s was used.
      expect(n).toBeGreaterThanOrEqual(Math.floor(capacity + refillPerSecond * 7 * 0.8));
      expect(n).toBeLessThanOrEqual(rpm);
    } finally {
      await Promise.all(gateways.map(stopGatewayProcess));
      await deleteNamespace(namespace);
    }
  });
});
