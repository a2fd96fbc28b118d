import { describe, expect, it } from '@jest/globals';
import { parseEnv } from '@scrai/contracts';
import { llmGatewayEnvSchema } from '../src/config.js';

describe('llm-gateway config', () => {
  it('defaults to no mock latency and 256 concurrent calls', () => {
    const c = parseEnv(llmGatewayEnvSchema, {}, 'llm-gateway');
    expect(c.SCRAI_MOCK_LATENCY).toEqual({ kind: 'fixed', ms: 0 });
    expect(c.SCRAI_LLM_MAX_CONCURRENCY).toBe(256);
    expect(c.SCRAI_LLM_QUEUE_ACK_WAIT_MS).toBe(30_000);
  });

  it('parses a latency spec and a concurrency', () => {
    const c = parseEnv(llmGatewayEnvSchema, { SCRAI_MOCK_LATENCY: 'normal:200,50', SCRAI_LLM_MAX_CONCURRENCY: '8' }, 'llm-gateway');
    expect(c.SCRAI_MOCK_LATENCY).toEqual({ kind: 'normal', mean: 200, stddev: 50 });
    expect(c.SCRAI_LLM_MAX_CONCURRENCY).toBe(8);
  });

  it('fails the boot with a message naming the variable and the accepted forms', () => {
    expect(() => parseEnv(llmGatewayEnvSchema, { SCRAI_MOCK_LATENCY: 'slow' }, 'llm-gateway')).toThrow(
      /SCRAI_MOCK_LATENCY: invalid latency spec "slow".*fixed:<ms>/,
    );
    expect(() => parseEnv(llmGatewayEnvSchema, { SCRAI_LLM_MAX_CONCURRENCY: '0' }, 'llm-gateway')).toThrow(/SCRAI_LLM_MAX_CONCURRENCY/);
    expect(() => parseEnv(llmGatewayEnvSchema, { SCRAI_LLM_QUEUE_ACK_WAIT_MS: '10' }, 'llm-gateway')).toThrow(/SCRAI_LLM_QUEUE_ACK_WAIT_MS/);
  });
});
