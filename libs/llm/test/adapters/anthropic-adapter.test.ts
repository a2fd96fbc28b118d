import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAnthropicProvider, type AnthropicProvider } from '@scrai/llm';
import { startFakeAnthropic } from '../fake-servers/fake-anthropic-server.js';
import type { FakeServer } from '../fake-servers/fake-http-server.js';
import { collect, failureOf, JSON_FORMAT, req, TEST_KEY } from './adapter-test-kit.js';

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
