import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOllamaProvider, type OllamaProvider } from '@scrai/llm';
import { startFakeOllama } from '../fake-servers/fake-ollama-server.js';
import type { FakeServer } from '../fake-servers/fake-http-server.js';
import { CLOCK_TOOL, collect, failureOf, JSON_FORMAT, req, TOOL_CONVERSATION, WEATHER_TOOL } from './adapter-test-kit.js';

const TIMEOUT_MS = 400;

describe('ollama adapter against a fake Ollama server', () => {
  let fake: FakeServer;
  let ollama: OllamaProvider;
  beforeAll(async () => {
    fake = await startFakeOllama();
    ollama = createOllamaProvider({ baseUrl: fake.url, timeoutMs: TIMEOUT_MS, embeddingModel: 'embed-test' });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('generates text and sends the mapped request', async () => {
    fake.script({ kind: 'answer', text: 'Hi there.', usage: { in: 20, out: 3 } });
    const r = await ollama.generate(req({ provider: 'ollama', stop: ['END'], seed: 7 }));
    expect(r).toEqual({
      text: 'Hi there.',
      tool_calls: [],
      finish_reason: 'stop',
      raw_finish_reason: 'stop',
      usage: { tokens_in: 20, tokens_out: 3 },
      provider_request_id: null,
      warnings: [],
    });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/api/chat');
    expect(sent.headers['authorization']).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'You are alice.' },
        { role: 'user', content: 'Say hello.' },
      ],
      options: { temperature: 0.5, num_predict: 64, stop: ['END'], seed: 7 },
      stream: false,
    });
  });

  it('passes the JSON schema as format and returns the parsed object', async () => {
    fake.script({ kind: 'answer', text: '{"line":"We strike at dawn."}' });
    const r = await ollama.generate(req({ response_format: JSON_FORMAT }));
    expect(r.object).toEqual({ line: 'We strike at dawn.' });
    expect(fake.requests[0]!.body['format']).toEqual(JSON_FORMAT.schema);
  });

  it('maps done_reason length', async () => {
    fake.script({ kind: 'answer', text: 'Cut', finish: 'length' });
    const r = await ollama.generate(req());
    expect([r.finish_reason, r.raw_finish_reason]).toEqual(['length', 'length']);
  });

  it('sends the tools as function tools; Ollama has no tool_choice: none sends none, the others warn', async () => {
    const plain = await ollama.generate(req({ tools: [WEATHER_TOOL, CLOCK_TOOL] }));
    expect(fake.requests[0]!.body['tools']).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: WEATHER_TOOL.parameters } },
      { type: 'function', function: { name: 'get_time', parameters: CLOCK_TOOL.parameters } },
    ]);
    expect(plain.warnings).toEqual([]);
    await ollama.generate(req({ tools: [WEATHER_TOOL, CLOCK_TOOL], tool_choice: 'none' }));
    expect(fake.requests[1]!.body).not.toHaveProperty('tools');
    const named = await ollama.generate(req({ tools: [WEATHER_TOOL, CLOCK_TOOL], tool_choice: { name: 'get_time' } }));
    expect((fake.requests[2]!.body['tools'] as Array<{ function: { name: string } }>).map((t) => t.function.name)).toEqual(['get_time']);
    expect(named.warnings.map((w) => w.setting)).toEqual(['tool_choice']);
    const required = await ollama.generate(req({ tools: [WEATHER_TOOL], tool_choice: 'required' }));
    expect(required.warnings.map((w) => w.setting)).toEqual(['tool_choice']);
  });

  it('sends an earlier tool call with object arguments and its result as a tool message named by the tool', async () => {
    await ollama.generate(req({ messages: TOOL_CONVERSATION, tools: [WEATHER_TOOL] }));
    expect(fake.requests[0]!.body['messages']).toEqual([
      { role: 'system', content: 'You are alice.' },
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } } }] },
      { role: 'tool', content: '{"temp":3}', tool_name: 'get_weather' },
    ]);
  });

  it('normalizes tool calls (ids call_<n>, the arguments as JSON text kept); done_reason stop becomes tool_calls, the raw value kept', async () => {
    fake.script({ kind: 'answer', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } }, { name: 'get_time', arguments: {} }] });
    const r = await ollama.generate(req({ tools: [WEATHER_TOOL, CLOCK_TOOL] }));
    expect(r).toMatchObject({ text: '', finish_reason: 'tool_calls', raw_finish_reason: 'stop' });
    expect(r.tool_calls).toEqual([
      { id: 'call_0', name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' }, raw_arguments: '{"city":"Oslo","unit":"c"}' },
      { id: 'call_1', name: 'get_time', arguments: {}, raw_arguments: '{}' },
    ]);
  });

  it('collects the tool calls of a stream, each sent whole in its own part', async () => {
    fake.script({ kind: 'answer', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo', unit: 'c' } }, { name: 'get_time', arguments: {} }] });
    const { result } = await collect(ollama.stream(req({ tools: [WEATHER_TOOL, CLOCK_TOOL] })));
    expect(result.finish_reason).toBe('tool_calls');
    expect(result.tool_calls.map((c) => [c.id, c.name, c.arguments])).toEqual([
      ['call_0', 'get_weather', { city: 'Oslo', unit: 'c' }],
      ['call_1', 'get_time', {}],
    ]);
  });

  it('tool arguments that are not a JSON object: a permanent invalid_output naming the tool', async () => {
    fake.script({ kind: 'answer', toolCalls: [{ name: 'get_weather', arguments: 'city=Oslo' }] });
    const e = await failureOf(ollama.generate(req({ tools: [WEATHER_TOOL] })));
    expect(e).toMatchObject({ code: 'invalid_output', retryable: false });
    expect(e.message).toContain('"get_weather"');
  });

  it('streams NDJSON deltas that add up to the final text, with usage', async () => {
    fake.script({ kind: 'answer', text: 'One two three four.', usage: { in: 9, out: 4 } });
    const { deltas, result } = await collect(ollama.stream(req()));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('One two three four.');
    expect(result).toMatchObject({ text: 'One two three four.', finish_reason: 'stop', usage: { tokens_in: 9, tokens_out: 4 } });
    expect(fake.requests[0]!.body['stream']).toBe(true);
  });

  it('a stream that goes silent after its first deltas times out (retryable) after the idle timeout', async () => {
    fake.script({ kind: 'stall', text: 'One two three four five.' });
    const seen: string[] = [];
    const t0 = Date.now();
    const e = await failureOf(
      (async () => {
        for await (const p of ollama.stream(req())) if (p.type === 'text-delta') seen.push(p.delta);
      })(),
    );
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
    expect(seen).toEqual(['One ', 'two ']);
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 300);
  });

  it('turns a stream cut midway into a retryable error', async () => {
    fake.script({ kind: 'cut', text: 'One two three four five.' });
    const e = await failureOf(collect(ollama.stream(req())));
    expect(e).toMatchObject({ code: 'connection_error', retryable: true });
  });

  it('429 with retry-after: retryable with the delay (headers kept despite the client), one request', async () => {
    fake.script({ kind: 'rate_limit', retryAfter: '2' });
    const e = await failureOf(ollama.generate(req()));
    expect(e).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 2000 });
    expect(fake.count).toBe(1);
  });

  it('usage-limit 429: quota_exhausted, not retryable', async () => {
    fake.script({ kind: 'quota' });
    const e = await failureOf(ollama.generate(req()));
    expect(e).toMatchObject({ code: 'quota_exhausted', retryable: false });
    expect(fake.count).toBe(1);
  });

  it('500: retryable; 404 (model not found): permanent', async () => {
    fake.script({ kind: 'error', status: 500 }, { kind: 'error', status: 404, message: 'model "x" not found, try pulling it first' });
    expect(await failureOf(ollama.generate(req()))).toMatchObject({ code: 'provider_error', retryable: true });
    const e = await failureOf(ollama.generate(req()));
    expect(e).toMatchObject({ code: 'bad_request', retryable: false });
    expect(e.message).toContain('not found, try pulling it first');
  });

  it('a hang times out (retryable) within the configured timeout, for plain and streamed calls', async () => {
    fake.script({ kind: 'hang' }, { kind: 'hang' });
    const t0 = Date.now();
    expect(await failureOf(ollama.generate(req()))).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 300);
    expect(await failureOf(collect(ollama.stream(req())))).toMatchObject({ code: 'timeout', retryable: true });
    expect(fake.count).toBe(2);
  });

  it('embeds texts through /api/embed', async () => {
    const r = await ollama.embed(['a', 'bbb']);
    expect(r).toEqual({ embeddings: [[1, 0, 0.5], [3, 1, 0.5]], usage: { tokens_in: 6 } });
    expect(fake.requests[0]!.path).toBe('/api/embed');
    expect(fake.requests[0]!.body).toEqual({ model: 'embed-test', input: ['a', 'bbb'] });
  });
});
