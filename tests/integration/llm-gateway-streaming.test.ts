import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import {
  ACTOR_SPOKEN_FIELD,
  brokerNames,
  llmCallRecordSchema,
  liveTokenPartSchema,
  llmRequestSchema,
  type LiveTokenPart,
  type LlmCallRecord,
  type LlmRequestInput,
  type LlmResult,
} from '@scrai/contracts';
import { createNatsLlmClient } from '@scrai/engine-worker';
import { startFakeAnthropic } from '../../libs/llm/test/fake-servers/fake-anthropic-server.js';
import type { FakeServer } from '../../libs/llm/test/fake-servers/fake-http-server.js';
import { startFakeOllama } from '../../libs/llm/test/fake-servers/fake-ollama-server.js';
import { startFakeOpenAi } from '../../libs/llm/test/fake-servers/fake-openai-server.js';
import { buildGateway, startGatewayProcess, stopGatewayProcess, waitGatewaysReady, type GatewayProcess } from '../harness/llm-gateway-process.js';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KEY_VARS = { openai: 'SCRAI_TEST_FAKE_OPENAI_KEY', anthropic: 'SCRAI_TEST_FAKE_ANTHROPIC_KEY' } as const;
type Provider = 'openai' | 'anthropic' | 'ollama';

function configYaml(urls: Record<Provider, string>): string {
  return `providers:
  openai: { kind: openai, base_url: "${urls.openai}", api_key_env: ${KEY_VARS.openai}, timeout_ms: 5000 }
  anthropic: { kind: anthropic, base_url: "${urls.anthropic}", api_key_env: ${KEY_VARS.anthropic}, timeout_ms: 5000 }
  ollama: { kind: ollama, base_url: "${urls.ollama}", timeout_ms: 5000 }
retry: { max_attempts: 3, initial_delay_ms: 20, max_delay_ms: 100, jitter: 0 }
`;
}

const TURN_FORMAT = {
  type: 'json_schema' as const,
  name: 'actor_turn',
  schema: {
    type: 'object',
    properties: { action: { type: 'string', enum: ['speak', 'done'] }, content: { type: 'string' }, target: { type: ['string', 'null'] } },
    required: ['action', 'content'],
  },
};
const LINE = 'We should "fund" the library\nbefore the stadium, don\'t you think?';
const ANSWER = JSON.stringify({ action: 'speak', content: LINE, target: null });

/** What a viewer holds at the end: the deltas after the last reset. */
const viewed = (parts: LiveTokenPart[]): string => parts.slice(parts.map((p) => !!p.reset).lastIndexOf(true) + 1).map((p) => p.delta).join('');

/**
 * Streaming through a real llm-gateway process (the built service, real nats-server): each provider
 * adapter's stream (the official openai SDK, Anthropic's and Ollama's wire formats) against a local
 * fake of its API. The actor's spoken field is published on core NATS delta by delta while the
 * reply stays the whole answer; a stream cut midway is retried by the gateway's loop, with a reset
 * part between the attempts.
 */
describe('llm-gateway streaming through the provider adapters (own process, fake APIs, real nats-server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrai-llm-stream-'));
  const namespace = uniqueNamespace('t');
  const names = brokerNames(namespace);
  const fakes = {} as Record<Provider, FakeServer>;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let gw: GatewayProcess;
  let llm: ReturnType<typeof createNatsLlmClient>;

  beforeAll(async () => {
    buildGateway();
    fakes.openai = await startFakeOpenAi();
    fakes.anthropic = await startFakeAnthropic();
    fakes.ollama = await startFakeOllama();
    const configPath = join(dir, 'streaming.yaml');
    writeFileSync(configPath, configYaml({ openai: fakes.openai.url, anthropic: fakes.anthropic.url, ollama: fakes.ollama.url }));
    gw = startGatewayProcess(namespace, {
      SCRAI_LLM_CONFIG: configPath,
      [KEY_VARS.openai]: 'sk-test-dummy-key',
      [KEY_VARS.anthropic]: 'sk-ant-test-dummy-key',
    });
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
    await waitGatewaysReady(nc, names, [gw]);
    llm = createNatsLlmClient({ nc, names, timeoutMs: 15_000 });
  });

  afterAll(async () => {
    if (gw) await stopGatewayProcess(gw);
    await nc?.close();
    await deleteNamespace(namespace);
    for (const f of Object.values(fakes)) await f?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    for (const f of Object.values(fakes)) f.reset();
  });

  async function recordOf(runId: string): Promise<LlmCallRecord> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
      const m = await jsm.streams.getMessage(names.streams.llmCalls, { last_by_subj: names.subjects.llmCall(runId) }).catch(() => null);
      if (m) return llmCallRecordSchema.parse(m.json());
    }
    throw new Error(`no call record for run ${runId}`);
  }

  /** Asks the gateway through the engines' own client while listening to the run's token subject. */
  async function streamed(provider: Provider, over: Partial<LlmRequestInput> = {}): Promise<{ result: LlmResult; parts: LiveTokenPart[]; runId: string }> {
    const runId = randomUUID();
    const parts: LiveTokenPart[] = [];
    const sub: Subscription = nc.subscribe(names.subjects.liveTokens(runId), { callback: (_e, m) => void parts.push(liveTokenPartSchema.parse(m.json())) });
    await nc.flush();
    try {
      const reply = await llm.generate(
        llmRequestSchema.parse({
          request_id: randomUUID(),
          run_id: runId,
          agent_id: 'alice',
          provider,
          model: `${provider}-test`,
          messages: [{ role: 'user', content: 'Your turn.' }],
          max_tokens: 200,
          response_format: TURN_FORMAT,
          cache_mode: 'off',
          stream: true,
          stream_field: ACTOR_SPOKEN_FIELD,
          ...over,
        }),
      );
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}\n${gw.output}`);
      // Token parts are published before the reply; a flush makes sure the last ones have come in.
      await nc.flush();
      return { result: reply.result, parts, runId };
    } finally {
      sub.unsubscribe();
    }
  }

  describe.each(['openai', 'anthropic', 'ollama'] as const)('%s', (provider) => {
    it("publishes the spoken field's text delta by delta from the provider's stream, and replies with the whole parsed answer", async () => {
      fakes[provider].script({ kind: 'answer', text: ANSWER });
      const { result, parts } = await streamed(provider);
      expect(fakes[provider].count).toBe(1);
      expect(result).toMatchObject({ text: ANSWER, object: { action: 'speak', content: LINE }, provider, cached: false });
      expect(parts.length).toBeGreaterThanOrEqual(5);
      expect(parts.map((p) => p.index)).toEqual(parts.map((_, i) => i));
      expect(parts.some((p) => p.reset)).toBe(false);
      expect(parts.map((p) => p.delta).join('')).toBe(LINE);
    });

    it('retries a stream cut midway: the first attempt’s text, a reset part, then the whole line again', async () => {
      fakes[provider].script({ kind: 'cut', text: ANSWER }, { kind: 'answer', text: ANSWER });
      const { result, parts, runId } = await streamed(provider);
      expect(fakes[provider].count).toBe(2);
      expect(result.object).toMatchObject({ content: LINE });
      const resetAt = parts.findIndex((p) => p.reset);
      // The cut attempt got as far as the first words of the line before the reset.
      expect(resetAt).toBeGreaterThan(0);
      expect(LINE.startsWith(parts.slice(0, resetAt).map((p) => p.delta).join(''))).toBe(true);
      expect(parts.filter((p) => p.reset)).toHaveLength(1);
      expect(viewed(parts)).toBe(LINE);
      expect(await recordOf(runId)).toMatchObject({ status: 'ok', attempts: 2 });
    });
  });

  it('asks the openai API for a stream only when the request streams, and streams a text answer as it is', async () => {
    fakes.openai.script({ kind: 'answer', text: 'Hello there, neighbours of the town.' }, { kind: 'answer', text: ANSWER });
    const { result, parts } = await streamed('openai', { response_format: { type: 'text' }, stream_field: undefined });
    expect(fakes.openai.requests[0]!.body).toMatchObject({ stream: true });
    expect(parts.map((p) => p.delta).join('')).toBe(result.text);
    expect(result.text).toBe('Hello there, neighbours of the town.');
    const plain = await streamed('openai', { stream: false });
    expect(fakes.openai.requests[1]!.body['stream']).toBeUndefined();
    expect(plain.parts).toEqual([]);
    expect(plain.result.object).toMatchObject({ content: LINE });
  });
});
