import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenAiCompatibleProvider, createOpenAiProvider, type OpenAiProvider } from '@scrai/llm';
import { startFakeOpenAi } from '../fake-servers/fake-openai-server.js';
import type { FakeServer } from '../fake-servers/fake-http-server.js';
import { collect, failureOf, JSON_FORMAT, req, TEST_KEY } from './adapter-test-kit.js';

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
