import { describe, expect, it } from '@jest/globals';
import { llmRequestSchema, type LlmRequestInput } from '@scrai/contracts';
import { cacheKeyOf } from '../src/cache-key.js';

const base: LlmRequestInput = {
  request_id: 'run-1:3:d1:a1',
  run_id: '00000000-0000-4000-8000-000000000001',
  agent_id: 'alice',
  provider: 'openai',
  model: 'gpt-x',
  system: 'You are Alice.',
  messages: [{ role: 'user', content: 'Your turn.' }],
  temperature: 0.7,
  max_tokens: 200,
  seed: 11,
  hints: { agent_id: 'alice', turn: 3 },
};
const WEATHER = { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const keyOf = (over: Partial<LlmRequestInput> = {}) => cacheKeyOf(llmRequestSchema.parse({ ...base, ...over }));

describe('cache key', () => {
  it('is a sha256 hex digest, stable across request, run and agent ids and the cache mode', () => {
    const k = keyOf();
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(keyOf({ request_id: 'other:1:d2:a1', run_id: '00000000-0000-4000-8000-000000000002', agent_id: 'bob', cache_mode: 'replay' })).toBe(k);
  });

  it('is unchanged for a request without tools (pinned: the key before tools existed, so replays of older runs still hit)', () => {
    expect(keyOf()).toBe('f864fc51e0f919bc9cf6460e0343d4809ddd6862fd5a6fd386cf7a3e2ad4dc50');
    expect(keyOf({ provider: 'mock' })).toBe('ca80ffaf2fa1fd5cb6b06504e37ec589087f8228ee9849eff8613264508c158a');
    expect(keyOf({ tools: [] })).toBe(keyOf());
  });

  it('includes the tools, the tool choice and the tool messages of a request', () => {
    const tools = [WEATHER, { name: 'get_time', parameters: { type: 'object' } }];
    const withTools = keyOf({ tools });
    expect(withTools).not.toBe(keyOf());
    expect(keyOf({ tools: [WEATHER] })).not.toBe(withTools);
    expect(keyOf({ tools: [{ ...WEATHER, description: 'Weather, in Celsius' }, tools[1]!] })).not.toBe(withTools);
    expect(keyOf({ tools, tool_choice: 'required' })).not.toBe(withTools);
    expect(keyOf({ tools, tool_choice: { name: 'get_time' } })).not.toBe(keyOf({ tools, tool_choice: 'required' }));
    const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } };
    const step2 = (result: string): Partial<LlmRequestInput> => ({
      tools,
      messages: [
        { role: 'user', content: 'Your turn.' },
        { role: 'assistant', content: '', tool_calls: [call] },
        { role: 'tool', tool_call_id: 'call_1', content: result },
      ],
    });
    expect(keyOf(step2('3 degrees'))).not.toBe(keyOf(step2('4 degrees')));
    expect(keyOf(step2('3 degrees'))).toBe(keyOf(step2('3 degrees')));
  });

  it('does not depend on the order keys were built in', () => {
    const reordered = llmRequestSchema.parse(Object.fromEntries(Object.entries(base).reverse()));
    expect(cacheKeyOf(reordered)).toBe(keyOf());
  });

  it.each<[string, Partial<LlmRequestInput>]>([
    ['provider', { provider: 'anthropic' }],
    ['model', { model: 'gpt-y' }],
    ['system', { system: 'You are Bob.' }],
    ['messages', { messages: [{ role: 'user', content: 'Your turn!' }] }],
    ['temperature', { temperature: 0.2 }],
    ['max_tokens', { max_tokens: 100 }],
    ['stop', { stop: ['END'] }],
    ['seed', { seed: 12 }],
    ['response_format', { response_format: { type: 'json_schema', name: 'x', schema: { type: 'object' } } }],
  ])('differs when the %s differs', (_field, over) => {
    expect(keyOf(over)).not.toBe(keyOf());
  });

  it('ignores hints for a real provider (it never sees them) but not for the mock (it answers from them)', () => {
    expect(keyOf({ hints: { agent_id: 'alice', turn: 4 } })).toBe(keyOf());
    expect(keyOf({ provider: 'mock', hints: { agent_id: 'alice', turn: 4 } })).not.toBe(keyOf({ provider: 'mock' }));
  });
});
