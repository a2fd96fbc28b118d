import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { brokerNames, llmRequestSchema, type LlmReply, type LlmRequestInput, type LlmResult } from '@scrai/contracts';
import { createNatsLlmClient, type NatsLlmClient } from '@scrai/engine-worker';
import { startFakeOpenAi } from '../../libs/llm/test/fake-servers/fake-openai-server.js';
import type { FakeServer } from '../../libs/llm/test/fake-servers/fake-http-server.js';
import { buildGateway, startGatewayProcess, stopGatewayProcess, waitGatewaysReady, type GatewayProcess } from '../harness/llm-gateway-process.js';
import { deleteNamespace, testNatsUrl, uniqueNamespace } from '../harness/test-namespace.js';

const KEY_VAR = 'SCRAI_TEST_FAKE_OPENAI_KEY';

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] },
};
const CALL = { id: 'call_w1', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } };

const request = (over: Partial<LlmRequestInput> = {}): LlmRequestInput => ({
  request_id: randomUUID(),
  run_id: randomUUID(),
  agent_id: 'alice',
  provider: 'openai',
  model: 'gpt-test',
  system: 'You are alice.',
  messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
  max_tokens: 64,
  tools: [WEATHER_TOOL],
  tool_choice: 'auto',
  cache_mode: 'off',
  ...over,
});

const resultOf = (reply: LlmReply): LlmResult => {
  if (!reply.ok) throw new Error(`expected an answer, got ${reply.error.code}: ${reply.error.message}`);
  return reply.result;
};

/**
 * Tool calling end to end: an engine's request with tools goes over the broker to a built llm-gateway
 * process, through the official `openai` client to a fake OpenAI server that answers with a tool call;
 * the reply carries the normalized call (plain and streamed), the shared cache keeps it, a second step
 * sends the call and its result back, and arguments that are not JSON fail permanently without a retry.
 */
describe('llm-gateway tool calls (own process, fake OpenAI, real nats-server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrai-llm-tools-'));
  const namespace = uniqueNamespace('t');
  const names = brokerNames(namespace);
  let fake: FakeServer;
  let nc: NatsConnection;
  let gw: GatewayProcess;
  let llm: NatsLlmClient;
  const generate = (body: LlmRequestInput): Promise<LlmReply> => llm.generate(llmRequestSchema.parse(body));

  beforeAll(async () => {
    buildGateway();
    fake = await startFakeOpenAi();
    const configPath = join(dir, 'tools.yaml');
    writeFileSync(
      configPath,
      `providers:
  openai: { kind: openai, base_url: "${fake.url}", api_key_env: ${KEY_VAR}, timeout_ms: 5000 }
retry: { max_attempts: 3, initial_delay_ms: 20, max_delay_ms: 100, jitter: 0 }
`,
    );
    nc = await connect({ servers: testNatsUrl() });
    gw = startGatewayProcess(namespace, { SCRAI_LLM_CONFIG: configPath, [KEY_VAR]: 'sk-test-dummy-key' });
    await waitGatewaysReady(nc, names, [gw]);
    llm = createNatsLlmClient({ nc, names, timeoutMs: 15_000 });
  });

  afterAll(async () => {
    llm?.close();
    if (gw) await stopGatewayProcess(gw);
    await deleteNamespace(namespace);
    await nc?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => fake.reset());

  it('sends the tools to the provider and replies with the normalized tool call', async () => {
    fake.script({ kind: 'answer', toolCalls: [CALL], usage: { in: 40, out: 12 } });
    const r = resultOf(await generate(request({ tool_choice: { name: 'get_weather' } })));
    expect(r).toMatchObject({ text: '', finish_reason: 'tool_calls', raw_finish_reason: 'tool_calls', provider: 'openai', model: 'gpt-test', cached: false });
    expect(r.tool_calls).toEqual([{ ...CALL, raw_arguments: JSON.stringify(CALL.arguments) }]);
    expect(fake.count).toBe(1);
    expect(fake.requests[0]!.body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: WEATHER_TOOL.parameters } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
  });

  it('streams a tool call through the gateway: the same normalized call, rebuilt from the streamed pieces', async () => {
    fake.script({ kind: 'answer', toolCalls: [CALL] });
    const r = resultOf(await generate(request({ stream: true })));
    expect(fake.requests[0]!.body['stream']).toBe(true);
    expect(r.finish_reason).toBe('tool_calls');
    expect(r.tool_calls).toEqual([{ ...CALL, raw_arguments: JSON.stringify(CALL.arguments) }]);
  });

  it('keeps the tool call in the shared cache: the same request is answered from it, with the call', async () => {
    const body = request({ cache_mode: 'read_write', messages: [{ role: 'user', content: `Weather, please (${randomUUID()})` }] });
    fake.script({ kind: 'answer', toolCalls: [CALL] });
    const first = resultOf(await generate(body));
    const again = resultOf(await generate({ ...body, request_id: randomUUID() }));
    expect(fake.count).toBe(1);
    expect(again.cached).toBe(true);
    expect(again.tool_calls).toEqual(first.tool_calls);
    expect(again.finish_reason).toBe('tool_calls');
  });

  it('sends the second step (the call and its result) to the provider and replies with its text', async () => {
    fake.script({ kind: 'answer', text: 'It is 3 degrees in Oslo.' });
    const r = resultOf(
      await generate(
        request({
          messages: [
            { role: 'user', content: 'What is the weather in Oslo?' },
            { role: 'assistant', content: '', tool_calls: [CALL] },
            { role: 'tool', tool_call_id: CALL.id, content: '{"temp":3}' },
          ],
        }),
      ),
    );
    expect(r).toMatchObject({ text: 'It is 3 degrees in Oslo.', finish_reason: 'stop', tool_calls: [] });
    expect((fake.requests[0]!.body['messages'] as unknown[]).slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: CALL.id, type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(CALL.arguments) } }] },
      { role: 'tool', tool_call_id: CALL.id, content: '{"temp":3}' },
    ]);
  });

  it('answers arguments that are not JSON with a permanent invalid_output naming the tool, without retrying', async () => {
    fake.script({ kind: 'answer', toolCalls: [{ name: 'get_weather', arguments: '{"city": Oslo}' }] });
    const reply = await generate(request());
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_output', retryable: false } });
    expect(!reply.ok && reply.error.message).toContain('"get_weather"');
    expect(fake.count).toBe(1);
  });

  it('refuses an invalid tool request before any provider call, naming the field', async () => {
    const reply = await llm.generate({ ...llmRequestSchema.parse(request()), tool_choice: { name: 'no_such_tool' } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request', retryable: false } });
    expect(!reply.ok && reply.error.message).toContain('tool_choice.name');
    expect(fake.count).toBe(0);
  });
});
