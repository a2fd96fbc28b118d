import { describe, expect, it } from '@jest/globals';
import { LlmError } from '../../src/llm-error.js';
import { callWithFallbacks, createBreakerRegistry } from '../../src/retry/index.js';
import { fakeTime } from './fake-time.js';

const CHAIN = ['openai/a', 'anthropic/b', 'ollama/c'];
const down = () => new LlmError('provider_error', '503 after all retries', { retryable: true });

function setup(failing: Record<string, () => Error>) {
  const time = fakeTime();
  const breakerOf = createBreakerRegistry({ failureThreshold: 2, resetAfterMs: 10_000, now: time.now });
  const called: string[] = [];
  const fallbacks: string[] = [];
  const run = () =>
    callWithFallbacks({
      chain: CHAIN,
      breakerOf,
      call: async (model) => {
        called.push(model);
        const f = failing[model];
        if (f) throw f();
        return `answer from ${model}`;
      },
      onFallback: (e) => fallbacks.push(`${e.from}→${e.to ?? '∅'}:${e.reason}`),
    });
  return { time, breakerOf, called, fallbacks, run };
}

describe('callWithFallbacks', () => {
  it('uses the primary model while it answers', async () => {
    const s = setup({});
    await expect(s.run()).resolves.toEqual({ result: 'answer from openai/a', model: 'openai/a' });
    expect(s.called).toEqual(['openai/a']);
  });

  it('falls back when the primary fails persistently, and skips it without calling once its circuit is open', async () => {
    const s = setup({ 'openai/a': down });
    await expect(s.run()).resolves.toMatchObject({ model: 'anthropic/b' });
    await expect(s.run()).resolves.toMatchObject({ model: 'anthropic/b' });
    expect(s.breakerOf('openai/a').state()).toBe('open');
    s.called.length = 0;
    await expect(s.run()).resolves.toMatchObject({ model: 'anthropic/b' });
    expect(s.called).toEqual(['anthropic/b']);
    expect(s.fallbacks.at(-1)).toBe('openai/a→anthropic/b:circuit_open');
  });

  it('goes back to the primary after the rest once its trial call succeeds', async () => {
    const failing: Record<string, () => Error> = { 'openai/a': down };
    const s = setup(failing);
    await s.run();
    await s.run();
    s.time.advance(10_000);
    delete failing['openai/a'];
    await expect(s.run()).resolves.toMatchObject({ model: 'openai/a' });
    expect(s.breakerOf('openai/a').state()).toBe('closed');
  });

  it('does not fall back on an error that is not retryable (quota exhausted fails clearly)', async () => {
    const s = setup({ 'openai/a': () => new LlmError('quota_exhausted', 'You exceeded your current quota', { retryable: false }) });
    await expect(s.run()).rejects.toMatchObject({ code: 'quota_exhausted' });
    expect(s.called).toEqual(['openai/a']);
    expect(s.breakerOf('openai/a').state()).toBe('closed');
  });

  it('throws the last failure when every model fails, and circuit_open with a wait when every circuit is open', async () => {
    const s = setup({ 'openai/a': down, 'anthropic/b': down, 'ollama/c': () => new LlmError('timeout', 'slow', { retryable: true }) });
    await expect(s.run()).rejects.toMatchObject({ code: 'timeout' });
    await expect(s.run()).rejects.toMatchObject({ code: 'timeout' });
    s.called.length = 0;
    s.time.advance(4000);
    await expect(s.run()).rejects.toMatchObject({ code: 'circuit_open', retryable: true, retryAfterMs: 6000 });
    expect(s.called).toEqual([]);
  });
});
