import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { brokerNames, llmCallRecordSchema, llmRequestSchema, type LlmCallRecord, type LlmReply, type LlmRequestInput } from '@scrai/contracts';
import { createNatsLlmClient } from '@scrai/engine-worker';
import { startFakeAnthropic } from '../../libs/llm/test/fake-servers/fake-anthropic-server.js';
import type { FakeServer } from '../../libs/llm/test/fake-servers/fake-http-server.js';
import { startFakeOllama } from '../../libs/llm/test/fake-servers/fake-ollama-server.js';
import { buildGateway, startGatewayProcess, stopGatewayProcess, waitGatewaysReady, type GatewayProcess } from '../harness/llm-gateway-process.js';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KEY_VAR = 'SCRAI_TEST_FAKE_ANTHROPIC_KEY';
const DUMMY_KEY = 'sk-ant-test-dummy-key';

/** Prices per million tokens in and out, per provider (ollama priced too, so a cost shows it was counted). */
const PRICES = { anthropic: { in: 3, out: 15 }, ollama: { in: 0.5, out: 1 } } as const;

function configYaml(anthropicUrl: string, ollamaUrl: string): string {
  return `providers:
  anthropic: { kind: anthropic, base_url: "${anthropicUrl}", api_key_env: ${KEY_VAR}, timeout_ms: 5000 }
  ollama: { kind: ollama, base_url: "${ollamaUrl}", timeout_ms: 5000 }
models:
  anthropic/claude-test: { price_in_per_million: ${PRICES.anthropic.in}, price_out_per_million: ${PRICES.anthropic.out}, context_window: 8000 }
  ollama/llama-test: { price_in_per_million: ${PRICES.ollama.in}, price_out_per_million: ${PRICES.ollama.out}, context_window: 8000 }
retry: { max_attempts: 3, initial_delay_ms: 20, max_delay_ms: 100, jitter: 0 }
`;
}

const TURN_SCHEMA = {
  type: 'object',
  properties: { action: { type: 'string', enum: ['speak', 'done'] }, content: { type: 'string' } },
  required: ['action', 'content'],
};

/**
 * One llm-gateway process (the built service, real nats-server) configured with an Anthropic and an
 * Ollama provider, each pointing at a local fake of its API; requests go through the engines' own
 * LLM client. Per provider: an answer with its tokens and cost recorded, a 429's retry-after
 * honoured, a 500 retried, an exhausted quota failing at once, and a JSON-schema answer parsed.
 */
describe('llm-gateway with Anthropic and Ollama providers (own process, fake APIs, real nats-server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrai-llm-gw-ao-'));
  const namespace = uniqueNamespace('t');
  const names = brokerNames(namespace);
  const fakes = {} as Record<'anthropic' | 'ollama', FakeServer>;
  /** Arrival time (ms) of each request at each fake, in order. */
  const arrivals: Record<'anthropic' | 'ollama', number[]> = { anthropic: [], ollama: [] };
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let gw: GatewayProcess;
  let llm: ReturnType<typeof createNatsLlmClient>;

  beforeAll(async () => {
    buildGateway();
    fakes.anthropic = await startFakeAnthropic();
    fakes.ollama = await startFakeOllama();
    for (const p of ['anthropic', 'ollama'] as const) {
      // The fake records each request as it arrives (requests.push); stamp the time beside it.
      const push = fakes[p].requests.push.bind(fakes[p].requests);
      fakes[p].requests.push = (...items) => {
        for (let i = 0; i < items.length; i++) arrivals[p].push(Date.now());
        return push(...items);
      };
    }
    const configPath = join(dir, 'anthropic-ollama.yaml');
    writeFileSync(configPath, configYaml(fakes.anthropic.url, fakes.ollama.url));
    gw = startGatewayProcess(namespace, { SCRAI_LLM_CONFIG: configPath, [KEY_VAR]: DUMMY_KEY });
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
    await waitGatewaysReady(nc, names, [gw]);
    llm = createNatsLlmClient({ nc, names, timeoutMs: 15_000 });
  });

  afterAll(async () => {
    if (gw) await stopGatewayProcess(gw);
    llm?.close();
    await nc?.close();
    await deleteNamespace(namespace);
    await fakes.anthropic?.close();
    await fakes.ollama?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    for (const p of ['anthropic', 'ollama'] as const) {
      fakes[p].reset();
      arrivals[p].splice(0);
    }
  });

  async function recordOf(runId: string): Promise<LlmCallRecord> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
      const m = await jsm.streams.getMessage(names.streams.llmCalls, { last_by_subj: names.subjects.llmCall(runId) }).catch(() => null);
      if (m) return llmCallRecordSchema.parse(m.json());
    }
    throw new Error(`no call record for run ${runId}`);
  }

  const cases = [
    { provider: 'anthropic' as const, model: 'claude-test', chatPath: '/v1/messages' },
    { provider: 'ollama' as const, model: 'llama-test', chatPath: '/api/chat' },
  ];

  describe.each(cases)('$provider', ({ provider, model, chatPath }) => {
    const generate = (over: Partial<LlmRequestInput> = {}) => {
      const req = llmRequestSchema.parse({
        request_id: randomUUID(),
        run_id: randomUUID(),
        agent_id: 'alice',
        provider,
        model,
        system: 'You are alice.',
        messages: [{ role: 'user', content: 'Say hello.' }],
        max_tokens: 64,
        // requests are counted at the fake: the shared answer cache would answer repeats
        cache_mode: 'off',
        ...over,
      });
      return { req, reply: llm.generate(req) };
    };
    const answered = async (reply: Promise<LlmReply>) => {
      const r = await reply;
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}\n${gw.output}`);
      return r.result;
    };

    it(`answers through the ${provider} client and records tokens and cost`, async () => {
      fakes[provider].script({ kind: 'answer', text: `Hi from the ${provider} fake.`, usage: { in: 1000, out: 500 } });
      const { req, reply } = generate();
      const result = await answered(reply);
      expect(result).toMatchObject({ text: `Hi from the ${provider} fake.`, provider, model, usage: { tokens_in: 1000, tokens_out: 500 }, cached: false });
      expect(fakes[provider].count).toBe(1);
      expect(fakes[provider].requests[0]!.path).toBe(chatPath);
      expect(fakes[provider].requests[0]!.body).toMatchObject({ model });
      if (provider === 'anthropic') expect(fakes.anthropic.requests[0]!.headers.authorization).toBe(`Bearer ${DUMMY_KEY}`);
      // the other fake saw nothing: each provider id goes to its own configured server
      expect(fakes[provider === 'anthropic' ? 'ollama' : 'anthropic'].count).toBe(0);
      const rec = await recordOf(req.run_id!);
      expect(rec).toMatchObject({ id: req.request_id, provider, model, tokens_in: 1000, tokens_out: 500, attempts: 1, status: 'ok' });
      expect(rec.cost_usd).toBeCloseTo((1000 * PRICES[provider].in + 500 * PRICES[provider].out) / 1_000_000, 12);
    });

    it('honours retry-after: a 429 asking for 300 ms, then an answer, is one ok reply after two requests', async () => {
      fakes[provider].script({ kind: 'rate_limit', retryAfterMs: '300' });
      const t0 = performance.now();
      const { req, reply } = generate();
      await answered(reply);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(300);
      expect(fakes[provider].count).toBe(2);
      expect(arrivals[provider][1]! - arrivals[provider][0]!).toBeGreaterThanOrEqual(295);
      expect(await recordOf(req.run_id!)).toMatchObject({ attempts: 2, status: 'ok' });
    });

    it('retries a 500: one ok reply after two requests', async () => {
      fakes[provider].script({ kind: 'error', status: 500, message: 'internal trouble' });
      const { req, reply } = generate();
      await answered(reply);
      expect(fakes[provider].count).toBe(2);
      expect(await recordOf(req.run_id!)).toMatchObject({ attempts: 2, status: 'ok' });
    });

    it('fails an exhausted quota (429) at once: quota_exhausted, not retryable, one request', async () => {
      fakes[provider].script({ kind: 'quota', status: 429 });
      const { req, reply } = generate();
      expect(await reply).toMatchObject({ ok: false, error: { code: 'quota_exhausted', retryable: false } });
      expect(fakes[provider].count).toBe(1);
      expect(await recordOf(req.run_id!)).toMatchObject({ attempts: 1, status: 'error', cost_usd: null });
    });

    it('answers a JSON-schema request with the parsed object, having sent the schema the provider’s way', async () => {
      fakes[provider].script({ kind: 'answer', text: '{"action":"speak","content":"We should wait."}' });
      const { reply } = generate({ response_format: { type: 'json_schema', name: 'actor_turn', schema: TURN_SCHEMA } });
      const result = await answered(reply);
      expect(result.object).toEqual({ action: 'speak', content: 'We should wait.' });
      const sent = fakes[provider].requests[0]!.body;
      // Ollama takes the schema natively (format); Anthropic gets it stated in the system prompt.
      if (provider === 'ollama') expect(sent['format']).toEqual(TURN_SCHEMA);
      else expect(sent['system']).toContain(JSON.stringify(TURN_SCHEMA));
    });
  });
});
