import { describe, expect, it } from '@jest/globals';
import { parseLlmConfig } from '@scrai/contracts';
import { UNBOUNDED_CONCURRENCY, llmRequestQueueTopology } from '../src/index.js';

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
  const t = llmRequestQueueTopology(config, { stream: 'NS_LLM_REQ', subjectPrefix: 'ns.llm.req', durablePrefix: 'llm' });

  it('gives each provider one shared consumer whose max_ack_pending is its max_concurrency', () => {
    expect(t.stream).toMatchObject({ name: 'NS_LLM_REQ', subjects: ['ns.llm.req.>'] });
    expect(t.consumers.map((c) => [c.provider, c.config.durable_name, c.config.filter_subject, c.config.max_ack_pending])).toEqual([
      ['openai', 'llm-openai', 'ns.llm.req.openai.>', 8],
      ['ollama', 'llm-ollama', 'ns.llm.req.ollama.>', UNBOUNDED_CONCURRENCY],
    ]);
  });

  it('routes a model to one subject token and lists model-level caps it does not enforce', () => {
    expect(t.subjectOf('ollama', 'llama3.1:8b')).toBe('ns.llm.req.ollama.llama3_2e1_3a8b');
    expect(t.unenforced).toEqual(['ollama/llama3.1:8b']);
  });
});
