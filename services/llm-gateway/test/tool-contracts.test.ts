import { describe, expect, it } from '@jest/globals';
import { llmRequestSchema, type LlmRequestInput } from '@scrai/contracts';
import { cachedAnswerSchema } from '../src/answer-cache.js';

const base: LlmRequestInput = { request_id: 'r1', provider: 'openai', model: 'gpt-x', messages: [{ role: 'user', content: 'Hello?' }] };
const WEATHER = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

/** The issues of an invalid request as "path: message" lines (what the gateway's bad_request names). */
function issuesOf(over: Record<string, unknown>): string[] {
  const r = llmRequestSchema.safeParse({ ...base, ...over });
  if (r.success) throw new Error('expected the request to be refused');
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

/**
 * The tool shapes the gateway accepts and stores: requests and cached answers from before tools
 * existed still parse to what they were, and an invalid tool request is refused at the field at fault.
 */
describe('tool contracts at the llm-gateway', () => {
  it('parses a request without tools exactly as before (no tool fields appear)', () => {
    const parsed = llmRequestSchema.parse(base);
    expect(parsed).not.toHaveProperty('tools');
    expect(parsed).not.toHaveProperty('tool_choice');
    expect(parsed.messages).toEqual([{ role: 'user', content: 'Hello?' }]);
  });

  it('accepts tools, a tool choice and a second step with the call and its result', () => {
    const parsed = llmRequestSchema.parse({
      ...base,
      tools: [WEATHER],
      tool_choice: { name: 'get_weather' },
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '3 degrees' },
      ],
    });
    expect(parsed.messages).toHaveLength(3);
    expect(parsed.tool_choice).toEqual({ name: 'get_weather' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a name providers refuse', { tools: [{ ...WEATHER, name: 'get weather!' }] }, 'tools.0.name'],
    ['a name longer than 64', { tools: [{ ...WEATHER, name: 'x'.repeat(65) }] }, 'tools.0.name'],
    ['parameters that are not an object schema', { tools: [{ ...WEATHER, parameters: { type: 'string' } }] }, 'tools.0.parameters'],
    ['a tool defined twice', { tools: [WEATHER, WEATHER] }, 'tools.1.name: tool "get_weather" is defined twice'],
    ['required without tools', { tool_choice: 'required' }, 'tool_choice: tool_choice "required" needs tools'],
    ['a named tool that is not offered', { tools: [WEATHER], tool_choice: { name: 'get_time' } }, 'tool_choice.name: tool "get_time"'],
    [
      'a tool result that answers no call',
      { messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', tool_call_id: 'c9', content: 'x' }] },
      'messages.1.tool_call_id: no earlier assistant message made tool call "c9"',
    ],
  ])('refuses %s, naming the field', (_case, over, expected) => {
    expect(issuesOf(over).join('\n')).toContain(expected);
  });

  it('reads a cached answer stored before tools existed with no tool calls, and keeps the tool calls of a new one', () => {
    const old = { text: 'Hi.', finish_reason: 'stop', raw_finish_reason: 'stop', usage: { tokens_in: 3, tokens_out: 1 }, provider: 'openai', model: 'gpt-x', provider_request_id: null };
    expect(cachedAnswerSchema.parse(old).tool_calls).toEqual([]);
    const call = { id: 'c1', name: 'get_weather', arguments: { city: 'Oslo' }, raw_arguments: '{"city":"Oslo"}' };
    const stored = JSON.parse(JSON.stringify(cachedAnswerSchema.parse({ ...old, text: '', finish_reason: 'tool_calls', tool_calls: [call] }))) as unknown;
    expect(cachedAnswerSchema.parse(stored).tool_calls).toEqual([call]);
  });
});
