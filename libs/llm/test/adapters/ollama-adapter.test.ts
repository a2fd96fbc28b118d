import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOllamaProvider, type OllamaProvider } from '@scrai/llm';
import { startFakeOllama } from '../fake-servers/fake-ollama-server.js';
import type { FakeServer } from '../fake-servers/fake-http-server.js';
import { collect, failureOf, JSON_FORMAT, req } from './adapter-test-kit.js';

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
