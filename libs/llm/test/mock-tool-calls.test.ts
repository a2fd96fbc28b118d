import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { LlmRequestInput } from '@scrai/contracts';
import { LlmError, MockProvider, requestKey } from '@scrai/llm';
import { collect } from './adapters/adapter-test-kit.js';
import { request } from './request-fixtures.js';

const mock = new MockProvider();

/** Tool parameters as the engines would write them: JSON Schema generated from zod, so answers can be checked with zod. */
const proposalSchema = z.object({
  raise_percent: z.number().min(0).max(10),
  summary: z.string().min(1),
  concessions: z.array(z.string()),
  walk_out: z.boolean(),
});
const voteSchema = z.object({ choice: z.enum(['yes', 'no', 'abstain']), reason: z.string() });
const tool = (name: string, schema: z.ZodType) => ({
  name,
  description: `the ${name} tool`,
  parameters: z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>,
});
const TOOLS = [tool('propose_deal', proposalSchema), tool('cast_vote', voteSchema)];
const SCHEMAS: Record<string, z.ZodType> = { propose_deal: proposalSchema, cast_vote: voteSchema };

const withTools = (over: Partial<LlmRequestInput> = {}) => request({ tools: TOOLS, ...over });

describe('mock provider tool calls', () => {
  it('answers a request with tools with one call, the same for the same request, arguments valid for its schema', async () => {
    const a = await mock.generate(withTools());
    const b = await mock.generate(withTools({ request_id: 'another', run_id: 'another' }));
    expect(b).toEqual(a);
    expect(a).toMatchObject({ text: '', finish_reason: 'tool_calls', raw_finish_reason: 'tool_use' });
    expect(a.tool_calls).toHaveLength(1);
    const call = a.tool_calls[0]!;
    expect(call.id).toMatch(/^call_[0-9a-f]+$/);
    expect(JSON.parse(call.raw_arguments)).toEqual(call.arguments);
    expect(() => SCHEMAS[call.name]!.parse(call.arguments)).not.toThrow();
    expect(a.usage.tokens_out).toBeGreaterThan(0);
  });

  it('chooses the tool from the request: different requests call different tools, each with valid arguments', async () => {
    const called = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const [call] = (await mock.generate(withTools({ seed }))).tool_calls;
      called.add(call!.name);
      expect(() => SCHEMAS[call!.name]!.parse(call!.arguments)).not.toThrow();
    }
    expect([...called].sort()).toEqual(['cast_vote', 'propose_deal']);
  });

  it('calls the named tool under {name}, answers in text under none', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = await mock.generate(withTools({ seed, tool_choice: { name: 'cast_vote' } }));
      expect(r.tool_calls.map((c) => c.name)).toEqual(['cast_vote']);
      expect(() => voteSchema.parse(r.tool_calls[0]!.arguments)).not.toThrow();
    }
    const none = await mock.generate(withTools({ tool_choice: 'none' }));
    expect(none).toMatchObject({ finish_reason: 'stop', tool_calls: [] });
    expect(none.text.length).toBeGreaterThan(0);
  });

  it('after a tool result, answers in text under auto (so a multi-step loop ends) but still calls under required', async () => {
    const first = (await mock.generate(withTools())).tool_calls[0]!;
    const messages: LlmRequestInput['messages'] = [
      { role: 'user', content: 'Make your move.' },
      { role: 'assistant', content: '', tool_calls: [first] },
      { role: 'tool', tool_call_id: first.id, content: 'accepted' },
    ];
    const auto = await mock.generate(withTools({ messages }));
    expect(auto).toMatchObject({ finish_reason: 'stop', tool_calls: [] });
    const required = await mock.generate(withTools({ messages, tool_choice: 'required' }));
    expect(required.finish_reason).toBe('tool_calls');
    expect(required.tool_calls[0]!.id).not.toBe(first.id);
  });

  it('streams the same tool call as it generates', async () => {
    const { deltas, result } = await collect(mock.stream(withTools()));
    expect(deltas).toEqual([]);
    expect(result).toEqual(await mock.generate(withTools()));
  });

  it('refuses a tool schema it cannot fill with a permanent bad_request naming the tool', async () => {
    const broken = { name: 'broken', parameters: { type: 'object', properties: { x: { $ref: '#/$defs/missing' } } } };
    const e = await mock.generate(request({ tools: [broken] })).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LlmError);
    expect(e).toMatchObject({ code: 'bad_request', retryable: false });
    expect((e as LlmError).message).toContain('tool "broken"');
  });

  it('keeps the key (and so the answer) of a request without tools as it was before tools existed', async () => {
    // Pinned: the key of request() under the key's form before tools were added.
    expect(requestKey(request())).toBe('faac1dca2932f2651bac90221a083789');
    expect(requestKey(withTools())).not.toBe(requestKey(request()));
    expect(requestKey(withTools({ tool_choice: { name: 'cast_vote' } }))).not.toBe(requestKey(withTools()));
    const plain = await mock.generate(request());
    expect(plain.tool_calls).toEqual([]);
    expect(plain.finish_reason).toBe('stop');
  });
});
