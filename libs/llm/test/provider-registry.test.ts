import { describe, expect, it } from '@jest/globals';
import { LlmError, providerRegistry } from '@scrai/llm';

describe('provider registry', () => {
  it('serves the mock provider', () => {
    const reg = providerRegistry();
    expect(reg.ids).toEqual(['mock']);
    expect(reg.get('mock').id).toBe('mock');
  });

  it.each(['openai', 'anthropic', 'ollama', 'openai_compatible'])('refuses %s with a permanent provider_not_configured error', (id) => {
    const err = (() => {
      try {
        providerRegistry().get(id);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(LlmError);
    const e = err as LlmError;
    expect(e.code).toBe('provider_not_configured');
    expect(e.retryable).toBe(false);
    expect(e.message).toBe(`provider "${id}" is not configured in this deployment (configured: mock); add it to the llm-gateway's SCRAI_LLM_CONFIG file or pick a configured one`);
    expect(e.toInfo()).toEqual({ code: 'provider_not_configured', message: e.message, retryable: false, retry_after_ms: null });
  });

  it('names the configured providers for any id it does not have', () => {
    expect(() => providerRegistry().get('openrouter')).toThrow(/provider "openrouter" is not configured in this deployment \(configured: mock\)/);
  });

  it('classifies foreign errors as permanent internal errors', () => {
    const e = LlmError.from(new TypeError('boom'));
    expect(e).toMatchObject({ code: 'internal', retryable: false, retryAfterMs: null, message: 'boom' });
    const r = new LlmError('rate_limited', 'slow down', { retryable: true, retryAfterMs: 1500.4 });
    expect(r.toInfo()).toEqual({ code: 'rate_limited', message: 'slow down', retryable: true, retry_after_ms: 1500 });
  });
});
