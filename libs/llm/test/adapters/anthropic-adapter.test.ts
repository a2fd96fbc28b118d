import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAnthropicProvider, type AnthropicProvider } from '@scrai/llm';
import { startFakeAnthropic } from '../fake-servers/fake-anthropic-server.js';
import type { FakeServer } from '../fake-servers/fake-http-server.js';
import { CLOCK_TOOL, collect, failureOf, JSON_FORMAT, req, TEST_KEY, TOOL_CONVERSATION, WEATHER_TOOL } from './adapter-test-kit.js';

const TIMEOUT_MS = 400;

describe('anthropic adapter against a fake Anthropic server', () => {
  let fake: FakeServer;
  let claude: AnthropicProvider;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    claude = createAnthropicProvider({ baseUrl: fake.url, apiKey: TEST_KEY, timeoutMs: TIMEOUT_MS });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('generates text, sends the mapped request and reports unsupported settings as warnings', async () => {
    fake.script({ kind: 'answer', text: 'Hi there.', usage: { in: 20, out: 3 } });
    const r = await claude.generate(req({ provider: 'anthropic', stop: ['END'], seed: 7 }));
    expect(r).toMatchObject({
      text: 'Hi there.',
      finish_reason: 'stop',
      raw_finish_reason: 'end_turn',
      usage: { tokens_in: 20, tokens_out: 3 },
      provider_request_id: 'req_fake_1',
    });
    expect(r.warnings.map((w) => w.setting).sort()).toEqual(['seed', 'temperature']);
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['authorization']).toBe(`Bearer ${TEST_KEY}`);
    expect(sent.body).toEqual({
      model: 'test-model',
      max_tokens: 64,
      system: 'You are alice.',
      messages: [{ role: 'user', content: 'Say hello.' }],
      stop_sequences: ['END'],
    });
  });

  it('fills the required max_tokens and says so', async () => {
    const r = await claude.generate(req({ max_tokens: undefined, temperature: undefined }));
    expect(fake.requests[0]!.body['max_tokens']).toBe(1024);
    expect(r.warnings).toEqual([{ setting: 'max_tokens', detail: 'required by Anthropic; 1024 used' }]);
  });

  it('states the schema in the system prompt and parses a fenced JSON answer', async () => {
    fake.script({ kind: 'answer', text: 'Here it is:\n```json\n{"line":"We strike at dawn."}\n```' });
    const r = await claude.generate(req({ response_format: JSON_FORMAT }));
    expect(r.object).toEqual({ line: 'We strike at dawn.' });
    const system = fake.requests[0]!.body['system'] as string;
    expect(system.startsWith('You are alice.\n\nAnswer with one JSON object')).toBe(true);
    expect(system).toContain(JSON.stringify(JSON_FORMAT.schema));
    expect(r.warnings.some((w) => w.setting === 'response_format')).toBe(true);
  });

  it('a non-JSON answer to a schema is a permanent invalid_output (no retry here: the engine re-asks)', async () => {
    fake.script({ kind: 'answer', text: 'I would rather not.' });
    const e = await failureOf(claude.generate(req({ response_format: JSON_FORMAT })));
    expect(e).toMatchObject({ code: 'invalid_output', retryable: false });
    expect(fake.count).toBe(1);
  });

  it('maps max_tokens to length', async () => {
    fake.script({ kind: 'answer', text: 'Cut', finish: 'max_tokens' });
    const r = await claude.generate(req());
    expect([r.finish_reason, r.raw_finish_reason]).toEqual(['length', 'max_tokens']);
  });

  it('sends the tools with input_schema and maps each tool choice to its Anthropic form', async () => {
    await claude.generate(req({ tools: [WEATHER_TOOL, CLOCK_TOOL] }));
    expect(fake.requests[0]!.body['tools']).toEqual([
      { name: 'get_weather', description: 'The weather in a city', input_schema: WEATHER_TOOL.parameters },
      { name: 'get_time', input_schema: CLOCK_TOOL.parameters },
    ]);
    expect(fake.requests[0]!.body).not.toHaveProperty('tool_choice');
    const choices = [
      ['auto', { type: 'auto' }],
      ['required', { type: 'any' }],
      ['none', { type: 'none' }],
      [{ name: 'get_time' }, { type: 'tool', name: 'get_time' }],
    ] as const;
    for (const [choice, wire] of choices) {
      fake.reset();
      await claude.generate(req({ tools: [WEATHER_TOOL, CLOCK_TOOL], tool_choice: choice }));
      expect(fake.requests[0]!.body['tool_choice']).toEqual(wire);
    }
  });

  it('sends an earlier tool call as a tool_use block and results as tool_result blocks of one user turn', async () => {
    const messages = [
      ...TOOL_CONVERSATION.slice(0, 1),
      {
        role: 'assistant' as const,
        content: 'Let me look.',
        tool_calls: [
          { id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } },
          { id: 'call_2', name: 'get_time', arguments: {} },
        ],
      },
      { role: 'tool' as const, tool_call_id: 'call_1', content: '{"temp":3}' },
      { role: 'tool' as const, tool_call_id: 'call_2', content: '12:00' },
    ];
    await claude.generate(req({ messages, tools: [WEATHER_TOOL, CLOCK_TOOL] }));
    expect(fake.requests[0]!.body['messages']).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo', unit: 'c' } },
          { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '{"temp":3}' },
          { type: 'tool_result', tool_use_id: 'call_2', content: '12:00' },
        ],
      },
    ]);
  });

  it('normalizes tool_use blocks: parsed arguments, the raw JSON kept, finish tool_calls with raw tool_use', async () => {
    fake.script({ kind: 'answer', text: 'Checking.', toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } }] });
    const r = await claude.generate(req({ tools: [WEATHER_TOOL] }));
    expect(r).toMatchObject({ text: 'Checking.', finish_reason: 'tool_calls', raw_finish_reason: 'tool_use' });
    expect(r.tool_calls).toEqual([
      { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' }, raw_arguments: '{"city":"Oslo","unit":"c"}' },
    ]);
  });

  it('rebuilds streamed tool calls from their input_json_delta pieces', async () => {
    fake.script({
      kind: 'answer',
      toolCalls: [
        { id: 'toolu_1', name: 'get_weather', arguments: { city: 'San Francisco', unit: 'f' } },
        { id: 'toolu_2', name: 'get_time', arguments: {} },
      ],
    });
    const { deltas, result } = await collect(claude.stream(req({ tools: [WEATHER_TOOL, CLOCK_TOOL] })));
    expect(deltas).toEqual([]);
    expect(result).toMatchObject({ text: '', finish_reason: 'tool_calls', raw_finish_reason: 'tool_use' });
    expect(result.tool_calls).toEqual([
      { id: 'toolu_1', name: 'get_weather', arguments: { city: 'San Francisco', unit: 'f' }, raw_arguments: '{"city":"San Francisco","unit":"f"}' },
      { id: 'toolu_2', name: 'get_time', arguments: {}, raw_arguments: '{}' },
    ]);
  });

  it('tool input that is not a JSON object: a permanent invalid_output naming the tool, plain and streamed', async () => {
    fake.script({ kind: 'answer', toolCalls: [{ name: 'get_weather', arguments: 'Oslo, please' }] });
    const e = await failureOf(claude.generate(req({ tools: [WEATHER_TOOL] })));
    expect(e).toMatchObject({ code: 'invalid_output', retryable: false });
    expect(e.message).toContain('"get_weather"');
    fake.script({ kind: 'answer', toolCalls: [{ name: 'get_weather', arguments: '{"city": ' }] });
    const streamed = await failureOf(collect(claude.stream(req({ tools: [WEATHER_TOOL] }))));
    expect(streamed).toMatchObject({ code: 'invalid_output', retryable: false });
    expect(streamed.message).toContain('"get_weather"');
  });

  it('streams deltas that add up to the final text, with usage', async () => {
    fake.script({ kind: 'answer', text: 'One two three four.', usage: { in: 9, out: 4 } });
    const { deltas, result } = await collect(claude.stream(req()));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('One two three four.');
    expect(result).toMatchObject({ text: 'One two three four.', finish_reason: 'stop', usage: { tokens_in: 9, tokens_out: 4 } });
    expect(result.provider_request_id).toBe('req_fake_1');
    expect(fake.requests[0]!.body['stream']).toBe(true);
  });

  it('a stream that goes silent after its first deltas times out (retryable) after the idle timeout', async () => {
    fake.script({ kind: 'stall', text: 'One two three four five.' });
    const seen: string[] = [];
    const t0 = Date.now();
    const e = await failureOf(
      (async () => {
        for await (const p of claude.stream(req())) if (p.type === 'text-delta') seen.push(p.delta);
      })(),
    );
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
    expect(seen).toEqual(['One ', 'two ']);
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 300);
  });

  it('turns a stream cut midway into a retryable error', async () => {
    fake.script({ kind: 'cut', text: 'One two three four five.' });
    const e = await failureOf(collect(claude.stream(req())));
    expect(e).toMatchObject({ code: 'connection_error', retryable: true });
  });

  it('429 with retry-after: retryable with the delay, one request', async () => {
    fake.script({ kind: 'rate_limit', retryAfter: '3' });
    const e = await failureOf(claude.generate(req()));
    expect(e).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 });
    expect(fake.count).toBe(1);
  });

  it.each([400, 402, 429])('credit exhausted (HTTP %i): quota_exhausted, not retryable', async (status) => {
    fake.script({ kind: 'quota', status });
    const e = await failureOf(claude.generate(req()));
    expect(e).toMatchObject({ code: 'quota_exhausted', retryable: false });
    expect(e.message).toContain('credit balance is too low');
    expect(fake.count).toBe(1);
  });

  it('500 and 529: retryable, one request each', async () => {
    fake.script({ kind: 'error', status: 500 }, { kind: 'error', status: 529, message: 'Overloaded' });
    expect(await failureOf(claude.generate(req()))).toMatchObject({ code: 'provider_error', retryable: true });
    expect(await failureOf(claude.generate(req()))).toMatchObject({ code: 'overloaded', retryable: true });
    expect(fake.count).toBe(2);
  });

  it('a hang times out (retryable) within the configured timeout', async () => {
    fake.script({ kind: 'hang' });
    const t0 = Date.now();
    const e = await failureOf(claude.generate(req()));
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 300);
    expect(fake.count).toBe(1);
  });

  it('has no embeddings: a clear unsupported error, no request', async () => {
    const e = await failureOf(claude.embed(['a']));
    expect(e).toMatchObject({ code: 'unsupported', retryable: false });
    expect(fake.count).toBe(0);
  });
});
