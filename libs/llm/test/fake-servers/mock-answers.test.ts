import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MockProvider, createAnthropicProvider, createOllamaProvider, createOpenAiProvider, type LlmProvider } from '@scrai/llm';
import { JSON_FORMAT, TEST_KEY, req } from '../adapters/adapter-test-kit.js';
import { startFakeAnthropic } from './fake-anthropic-server.js';
import type { FakeServer, FakeServerOptions } from './fake-http-server.js';
import { startFakeOllama } from './fake-ollama-server.js';
import { startFakeOpenAi } from './fake-openai-server.js';

/** A schema with the kinds of fields the engines ask for: an enum, a string, a number range, an array. */
const TURN_FORMAT = {
  type: 'json_schema' as const,
  name: 'actor_turn',
  schema: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['speak', 'act', 'done'] },
      content: { type: 'string', minLength: 1 },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['action', 'content', 'confidence', 'tags'],
    additionalProperties: false,
  },
};

const fakes: Array<{ name: string; start: (o: FakeServerOptions) => Promise<FakeServer>; client: (url: string) => LlmProvider }> = [
  { name: 'openai', start: startFakeOpenAi, client: (url) => createOpenAiProvider({ baseUrl: url, apiKey: TEST_KEY, timeoutMs: 2000 }) },
  { name: 'anthropic', start: startFakeAnthropic, client: (url) => createAnthropicProvider({ baseUrl: url, apiKey: TEST_KEY, timeoutMs: 2000 }) },
  { name: 'ollama', start: startFakeOllama, client: (url) => createOllamaProvider({ baseUrl: url, timeoutMs: 2000 }) },
];

/**
 * The fakes' `mockAnswers` mode: an unscripted request gets the deterministic mock's answer to what
 * its wire body says, so a json_schema request gets JSON that fits the schema (parsed by the real
 * client into `object`), and scripted steps still win.
 */
describe.each(fakes)('fake $name server answering like the mock', ({ start, client }) => {
  let fake: FakeServer;
  let llm: LlmProvider;
  beforeAll(async () => {
    fake = await start({ mockAnswers: true });
    llm = client(fake.url);
  });
  afterAll(() => fake.close());

  it('answers a json_schema request with schema-valid JSON, the same for the same request, with the mock’s token counts', async () => {
    const a = await llm.generate(req({ response_format: TURN_FORMAT }));
    const b = await llm.generate(req({ response_format: TURN_FORMAT }));
    const o = a.object as Record<string, unknown>;
    expect(Object.keys(o).sort()).toEqual(['action', 'confidence', 'content', 'tags']);
    expect(['speak', 'act', 'done']).toContain(o['action']);
    expect(typeof o['content']).toBe('string');
    expect((o['content'] as string).length).toBeGreaterThan(0);
    expect(o['confidence']).toBeGreaterThanOrEqual(0);
    expect(o['confidence']).toBeLessThanOrEqual(1);
    expect(Array.isArray(o['tags'])).toBe(true);
    expect(b.text).toBe(a.text);
    expect(a.usage.tokens_in).toBeGreaterThan(0);
    expect(a.usage.tokens_out).toBeGreaterThan(0);
  });

  it('answers free text in the mock’s voice, and a scripted step still comes first', async () => {
    fake.script({ kind: 'answer', text: 'Scripted.' });
    expect((await llm.generate(req())).text).toBe('Scripted.');
    const free = await llm.generate(req());
    expect(free.text).not.toBe('Scripted.');
    expect(free.text).not.toBe('Hello from the fake. How are you?');
    expect(free.text.length).toBeGreaterThan(0);
  });
});

describe('fake openai server compared with the MockProvider itself', () => {
  it("gives exactly the mock provider's answer to the same request (OpenAI's wire keeps everything the mock reads but hints)", async () => {
    const fake = await startFakeOpenAi({ mockAnswers: true });
    try {
      const request = req({ response_format: JSON_FORMAT, seed: 11 });
      const viaFake = await createOpenAiProvider({ baseUrl: fake.url, apiKey: TEST_KEY, timeoutMs: 2000 }).generate(request);
      const direct = await new MockProvider().generate({ ...request, provider: 'mock' });
      expect(viaFake.object).toEqual(direct.object);
      expect(viaFake.usage).toEqual(direct.usage);
    } finally {
      await fake.close();
    }
  });
});
