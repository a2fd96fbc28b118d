import { describe, expect, it } from '@jest/globals';
import { parseLlmConfig, type LlmRequest } from '@scrai/contracts';
import { LlmError, MockProvider, createBreakerRegistry, type LlmProvider } from '@scrai/llm';
import { createLogger } from '@scrai/observability';
import { callModelChain, finalError, type ModelChainDeps } from '../src/model-chain-call.js';
import type { ProviderTable } from '../src/provider-setup.js';
import type { RateLimits } from '../src/rate-limits.js';

const log = createLogger({ service: 'llm-gateway', instanceId: 'test', level: 'silent' });
const config = parseLlmConfig('providers: { openai: { kind: openai }, mock: { kind: mock } }\nfallbacks: { openai/a: mock/mock-1 }\nretry: { max_attempts: 2 }', 'yaml');

/** An openai stand-in that fails `failures` times with a 500-like error, then delegates to the mock. */
function flaky(failures: number): LlmProvider & { calls: string[] } {
  const mock = new MockProvider();
  const calls: string[] = [];
  return {
    id: 'openai',
    calls,
    generate: (req, o) => {
      calls.push(req.model);
      if (calls.length <= failures) return Promise.reject(new LlmError('provider_error', 'boom', { retryable: true }));
      return mock.generate(req, o);
    },
    stream: () => mock.stream({} as LlmRequest),
    embed: (t) => mock.embed(t),
  };
}

function deps(openai: LlmProvider, limits: RateLimits): ModelChainDeps {
  const byId = new Map<string, LlmProvider>([['openai', openai], ['mock', new MockProvider()]]);
  const providers: ProviderTable = { get: (id) => byId.get(id)!, ids: [...byId.keys()] };
  return { providers, config, breakerOf: createBreakerRegistry({ failureThreshold: 5, resetAfterMs: 1000, now: () => 0 }), limits, sleep: async () => undefined, random: () => 0, now: () => 0, log };
}

const req: LlmRequest = { request_id: 'r', run_id: null, agent_id: null, provider: 'openai', model: 'a', system: 'abcd', messages: [{ role: 'user', content: 'abcdefgh' }], max_tokens: 10, response_format: { type: 'text' }, hints: {} };

describe('one call along the model chain', () => {
  it('waits for the rate limits before every attempt (input estimate + max_tokens) and counts attempts across fallbacks', async () => {
    const taken: string[] = [];
    const limits: RateLimits = { acquire: async (o) => void taken.push(`${o.provider}/${o.model}:${o.tokens}`) };
    const openai = flaky(2);
    const out = await callModelChain(deps(openai, limits), req);
    expect(out).toMatchObject({ ok: true, provider: 'mock', model: 'mock-1', attempts: 3 });
    expect(openai.calls).toEqual(['a', 'a']);
    expect(taken).toEqual(['openai/a:13', 'openai/a:13', 'mock/mock-1:13']);
  });

  it('ends a wait for the rate limits when the call is aborted, without calling the provider', async () => {
    const limits: RateLimits = {
      acquire: (o) => new Promise((_, reject) => o.signal?.addEventListener('abort', () => reject(new LlmError('aborted', 'aborted', { retryable: false })))),
    };
    const openai = flaky(0);
    const ac = new AbortController();
    const pending = callModelChain(deps(openai, limits), req, ac.signal);
    ac.abort(new Error('shutting down'));
    const out = await pending;
    expect(out).toMatchObject({ ok: false, error: { code: 'aborted', retryable: false } });
    expect(openai.calls).toEqual([]);
  });

  it('makes a retryable failure final once the retry loop gave up, so no second layer retries it', () => {
    const e = finalError(new LlmError('provider_error', 'boom', { retryable: true, retryAfterMs: 100 }), 2);
    expect(e).toMatchObject({ code: 'provider_error', retryable: false, retryAfterMs: null });
    expect(e.message).toBe('boom (gave up after 2 attempts)');
    // no attempt made (every circuit open): the caller may come back after the delay
    expect(finalError(new LlmError('circuit_open', 'all open', { retryable: true, retryAfterMs: 500 }), 0)).toMatchObject({ retryable: true, retryAfterMs: 500 });
    const permanent = new LlmError('quota_exhausted', 'no credit', { retryable: false });
    expect(finalError(permanent, 1)).toBe(permanent);
  });
});
