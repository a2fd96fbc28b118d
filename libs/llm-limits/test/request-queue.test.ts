import { describe, expect, it } from '@jest/globals';
import { brokerNames, parseLlmConfig } from '@scrai/contracts';
import { LocalSlots, UNBOUNDED_CONCURRENCY, llmRequestQueueTopology } from '../src/index.js';

describe('LLM request queue topology', () => {
  const config = parseLlmConfig(
    `
providers: { openai: { kind: openai }, ollama: { kind: ollama } }
limits:
  openai: { max_concurrency: 8 }
  ollama/llama3.1:8b: { max_concurrency: 2 }
`,
    'yaml',
  );
  const names = brokerNames('ns');
  const t = llmRequestQueueTopology(names, { providers: ['mock', ...Object.keys(config.providers)], limits: config.limits, ackWaitMs: 5_000 });

  it('gives each provider one shared consumer whose max_ack_pending is its max_concurrency', () => {
    expect(t.stream).toMatchObject({ name: 'NS_LLM_REQ', subjects: ['ns.llm.req.mock.>', 'ns.llm.req.openai.>', 'ns.llm.req.ollama.>', 'ns.llm.req._unrouted'] });
    expect(t.consumers.map((c) => [c.provider, c.config.durable_name, c.config.filter_subject, c.config.max_ack_pending])).toEqual([
      ['mock', 'llm-req-mock', 'ns.llm.req.mock.>', UNBOUNDED_CONCURRENCY],
      ['openai', 'llm-req-openai', 'ns.llm.req.openai.>', 8],
      ['ollama', 'llm-req-ollama', 'ns.llm.req.ollama.>', UNBOUNDED_CONCURRENCY],
      [null, 'llm-unrouted', 'ns.llm.req._unrouted', UNBOUNDED_CONCURRENCY],
    ]);
    expect(t.consumers.every((c) => c.config.ack_wait === 5_000 * 1e6)).toBe(true);
  });

  it('routes a model to a subject its provider consumer holds, and lists model-level caps it does not enforce', () => {
    const subject = names.subjects.llmRequest('ollama', 'llama3.1:8b');
    expect(subject).toBe('ns.llm.req.ollama.llama3_1:8b');
    expect(subject.startsWith(t.consumers[2]!.config.filter_subject!.slice(0, -1))).toBe(true);
    expect(t.unenforced).toEqual(['ollama/llama3.1:8b']);
  });
});

describe('local slots', () => {
  it('lets max holders in and the next waiter in when one leaves, in arrival order', async () => {
    const slots = new LocalSlots(2);
    await slots.acquire();
    await slots.acquire();
    const order: number[] = [];
    const third = slots.acquire().then(() => order.push(3));
    const fourth = slots.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    slots.release();
    await third;
    expect(order).toEqual([3]);
    expect(slots.inUse).toBe(2);
    slots.release();
    await fourth;
    expect(order).toEqual([3, 4]);
  });
});
