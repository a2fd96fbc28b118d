import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenAiCompatibleProvider, createOpenAiProvider, type OpenAiProvider } from '@scrai/llm';
import { startFakeOpenAi } from '../fake-servers/fake-openai-server.js';
import type { FakeServer } from '../fake-servers/fake-http-server.js';
import { CLOCK_TOOL, collect, failureOf, JSON_FORMAT, req, TEST_KEY, TOOL_CONVERSATION, WEATHER_TOOL } from './adapter-test-kit.js';

const TIMEOUT_MS = 400;

describe('openai adapter against a fake OpenAI server', () => {
  let fake: FakeServer;
  let openai: OpenAiProvider;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    openai = createOpenAiProvider({ baseUrl: fake.url, apiKey: TEST_KEY, timeoutMs: TIMEOUT_MS, embeddingModel: 'embed-test' });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('generates text and sends the mapped request', async () => {
    fake.script({ kind: 'answer', text: 'Hi there.', usage: { in: 20, out: 3 } });
    const r = await openai.generate(req({ stop: ['END'], seed: 7 }));
    expect(r).toEqual({
      text: 'Hi there.',
      tool_calls: [],
      finish_reason: 'stop',
      raw_finish_reason: 'stop',
      usage: { tokens_in: 20, tokens_out: 3 },
      provider_request_id: 'req_fake_1',
      warnings: [],
    });
    expect(fake.count).toBe(1);
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/chat/completions');
    expect(sent.headers['authorization']).toBe(`Bearer ${TEST_KEY}`);
    expect(sent.body).toEqual({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'You are alice.' },
        { role: 'user', content: 'Say hello.' },
      ],
      temperature: 0.5,
      max_completion_tokens: 64,
      stop: ['END'],
      seed: 7,
    });
  });

  it('sends max_tokens (not max_completion_tokens) to an OpenAI-compatible server', async () => {
    const compat = createOpenAiCompatibleProvider({ baseUrl: fake.url, timeoutMs: TIMEOUT_MS });
    expect(compat.id).toBe('openai_compatible');
    await compat.generate(req());
    expect(fake.requests[0]!.body['max_tokens']).toBe(64);
    expect(fake.requests[0]!.body).not.toHaveProperty('max_completion_tokens');
  });

  it('asks for a JSON schema and returns the parsed object', async () => {
    fake.script({ kind: 'answer', text: '{"line":"We strike at dawn."}' });
    const r = await openai.generate(req({ response_format: JSON_FORMAT }));
    expect(r.object).toEqual({ line: 'We strike at dawn.' });
    expect(fake.requests[0]!.body['response_format']).toEqual({
      type: 'json_schema',
      json_schema: { name: 'actor_turn', schema: JSON_FORMAT.schema, strict: false },
    });
  });

  it('rejects a non-JSON answer to a schema with a permanent invalid_output', async () => {
    fake.script({ kind: 'answer', text: 'Sure! Here you go.' });
    const e = await failureOf(openai.generate(req({ response_format: JSON_FORMAT })));
    expect(e).toMatchObject({ code: 'invalid_output', retryable: false });
    expect(e.message).toContain('not a JSON object');
  });

  it('maps finish reason length and keeps the raw value', async () => {
    fake.script({ kind: 'answer', text: 'Cut', finish: 'length' });
    const r = await openai.generate(req());
    expect([r.finish_reason, r.raw_finish_reason]).toEqual(['length', 'length']);
  });

  it('sends the tools as function tools and the tool choice, a named tool as a function choice', async () => {
    await openai.generate(req({ tools: [WEATHER_TOOL, CLOCK_TOOL], tool_choice: { name: 'get_time' } }));
    expect(fake.requests[0]!.body['tools']).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: WEATHER_TOOL.parameters } },
      { type: 'function', function: { name: 'get_time', parameters: CLOCK_TOOL.parameters } },
    ]);
    expect(fake.requests[0]!.body['tool_choice']).toEqual({ type: 'function', function: { name: 'get_time' } });
    await openai.generate(req({ tools: [WEATHER_TOOL], tool_choice: 'required' }));
    expect(fake.requests[1]!.body['tool_choice']).toBe('required');
    await openai.generate(req({ tools: [WEATHER_TOOL] }));
    expect(fake.requests[2]!.body).not.toHaveProperty('tool_choice');
  });

  it('sends an earlier tool call and its result as an assistant message with tool_calls and a tool message', async () => {
    await openai.generate(req({ messages: TOOL_CONVERSATION, tools: [WEATHER_TOOL] }));
    expect(fake.requests[0]!.body['messages']).toEqual([
      { role: 'system', content: 'You are alice.' },
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":"c"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":3}' },
    ]);
  });

  it('normalizes a tool-call answer: parsed arguments, the raw text kept, finish tool_calls with the raw reason', async () => {
    const raw = '{ "city": "Oslo", "unit": "c" }';
    fake.script({ kind: 'answer', toolCalls: [{ id: 'call_abc', name: 'get_weather', arguments: raw }] });
    const r = await openai.generate(req({ tools: [WEATHER_TOOL] }));
    expect(r).toMatchObject({ text: '', finish_reason: 'tool_calls', raw_finish_reason: 'tool_calls' });
    expect(r.tool_calls).toEqual([{ id: 'call_abc', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' }, raw_arguments: raw }]);
  });

  it('a forced tool call that finishes "stop" still finishes tool_calls, and a schema request gets no object from it', async () => {
    fake.script({ kind: 'answer', finish: 'stop', toolCalls: [{ name: 'get_time', arguments: {} }] });
    const r = await openai.generate(req({ tools: [CLOCK_TOOL], tool_choice: { name: 'get_time' }, response_format: JSON_FORMAT }));
    expect([r.finish_reason, r.raw_finish_reason]).toEqual(['tool_calls', 'stop']);
    expect(r.tool_calls).toEqual([{ id: 'call_fake_0', name: 'get_time', arguments: {}, raw_arguments: '{}' }]);
    expect(r).not.toHaveProperty('object');
  });

  it('rebuilds streamed tool calls from interleaved pieces, by index', async () => {
    fake.script({
      kind: 'answer',
      text: 'Checking.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } },
        { id: 'call_b', name: 'get_weather', arguments: { city: 'San Francisco', unit: 'f' } },
      ],
    });
    const { deltas, result } = await collect(openai.stream(req({ tools: [WEATHER_TOOL] })));
    expect(deltas.join('')).toBe('Checking.');
    expect(result).toMatchObject({ text: 'Checking.', finish_reason: 'tool_calls', raw_finish_reason: 'tool_calls' });
    expect(result.tool_calls).toEqual([
      { id: 'call_a', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' }, raw_arguments: '{"city":"Oslo","unit":"c"}' },
      { id: 'call_b', name: 'get_weather', arguments: { city: 'San Francisco', unit: 'f' }, raw_arguments: '{"city":"San Francisco","unit":"f"}' },
    ]);
  });

  it('tool-call arguments that are not a JSON object: a permanent invalid_output naming the tool, plain and streamed', async () => {
    fake.script({ kind: 'answer', toolCalls: [{ name: 'get_weather', arguments: '{"city": "Oslo"' }] });
    const e = await failureOf(openai.generate(req({ tools: [WEATHER_TOOL] })));
    expect(e).toMatchObject({ code: 'invalid_output', retryable: false });
    expect(e.message).toContain('"get_weather"');
    fake.script({ kind: 'answer', toolCalls: [{ name: 'get_weather', arguments: '["Oslo"]' }] });
    const streamed = await failureOf(collect(openai.stream(req({ tools: [WEATHER_TOOL] }))));
    expect(streamed).toMatchObject({ code: 'invalid_output', retryable: false });
    expect(streamed.message).toContain('not a JSON object');
  });

  it('streams deltas that add up to the final text, with usage', async () => {
    fake.script({ kind: 'answer', text: 'One two three four.', usage: { in: 9, out: 4 } });
    const { deltas, result } = await collect(openai.stream(req()));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('One two three four.');
    expect(result).toMatchObject({ text: 'One two three four.', finish_reason: 'stop', usage: { tokens_in: 9, tokens_out: 4 } });
    expect(result.provider_request_id).toBe('req_fake_1');
    expect(fake.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('a stream that goes silent after its first deltas times out (retryable) after the idle timeout', async () => {
    fake.script({ kind: 'stall', text: 'One two three four five.' });
    const seen: string[] = [];
    const t0 = Date.now();
    const e = await failureOf(
      (async () => {
        for await (const p of openai.stream(req())) if (p.type === 'text-delta') seen.push(p.delta);
      })(),
    );
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
    expect(seen).toEqual(['One ', 'two ']);
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 300);
  });

  it('turns a stream cut midway into a retryable error', async () => {
    fake.script({ kind: 'cut', text: 'One two three four five.' });
    const e = await failureOf(collect(openai.stream(req())));
    expect(e).toMatchObject({ code: 'connection_error', retryable: true });
    expect(fake.count).toBe(1);
  });

  it('turns a body cut midway into a retryable error', async () => {
    fake.script({ kind: 'cut' });
    const e = await failureOf(openai.generate(req()));
    expect(e.retryable).toBe(true);
  });

  it('429 with retry-after: retryable with the delay, and the client did not retry', async () => {
    fake.script({ kind: 'rate_limit', retryAfter: '7' });
    const e = await failureOf(openai.generate(req()));
    expect(e).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7000 });
    expect(fake.count).toBe(1);
  });

  it('429 with retry-after-ms wins over retry-after', async () => {
    fake.script({ kind: 'rate_limit', retryAfter: '7', retryAfterMs: '250' });
    const e = await failureOf(openai.generate(req()));
    expect(e.retryAfterMs).toBe(250);
    expect(fake.count).toBe(1);
  });

  it('quota 429 (insufficient_quota): not retryable', async () => {
    fake.script({ kind: 'quota' });
    const e = await failureOf(openai.generate(req()));
    expect(e).toMatchObject({ code: 'quota_exhausted', retryable: false });
    expect(e.message).toContain('exceeded your current quota');
    expect(fake.count).toBe(1);
  });

  it('500: retryable, one request', async () => {
    fake.script({ kind: 'error', status: 500 });
    const e = await failureOf(openai.generate(req()));
    expect(e).toMatchObject({ code: 'provider_error', retryable: true });
    expect(fake.count).toBe(1);
  });

  it('400 and 401: permanent with the provider message, never the key', async () => {
    fake.script({ kind: 'error', status: 400, message: 'Invalid value for temperature' });
    expect(await failureOf(openai.generate(req()))).toMatchObject({ code: 'bad_request', retryable: false });
    fake.script({ kind: 'error', status: 401, message: `Incorrect API key provided: ${TEST_KEY.slice(0, 12)}****` });
    const e = await failureOf(openai.generate(req()));
    expect(e).toMatchObject({ code: 'auth_failed', retryable: false });
    expect(e.message).toContain('Incorrect API key');
    expect(e.message).not.toContain(TEST_KEY.slice(0, 12));
  });

  it('a hang times out (retryable) within the configured timeout', async () => {
    fake.script({ kind: 'hang' });
    const t0 = Date.now();
    const e = await failureOf(openai.generate(req()));
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 300);
    expect(fake.count).toBe(1);
  });

  it('a hanging stream times out too', async () => {
    fake.script({ kind: 'hang' });
    const e = await failureOf(collect(openai.stream(req())));
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('the caller aborting is a permanent aborted error, not a timeout', async () => {
    fake.script({ kind: 'hang' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = await failureOf(openai.generate(req(), { signal: ac.signal }));
    expect(e).toMatchObject({ code: 'aborted', retryable: false });
  });

  it('embeds texts in input order', async () => {
    const r = await openai.embed(['a', 'bbb']);
    expect(r).toEqual({ embeddings: [[1, 0, 0.5], [3, 1, 0.5]], usage: { tokens_in: 6 } });
    expect(fake.requests[0]!.path).toBe('/embeddings');
    expect(fake.requests[0]!.body).toEqual({ model: 'embed-test', input: ['a', 'bbb'], encoding_format: 'float' });
  });
});
