import { describe, expect, it } from '@jest/globals';
import { limitKey, perMinuteShape, refill, takeTokens } from '../src/index.js';

const shape = { capacity: 10, refillPerSecond: 5 };

describe('token bucket state', () => {
  it('refills by elapsed time up to the capacity, never backwards when a writer\'s clock was ahead', () => {
    expect(refill({ tokens: 0, ts: 1000 }, shape, 1400)).toEqual({ tokens: 2, ts: 1400 });
    expect(refill({ tokens: 0, ts: 1000 }, shape, 60_000)).toEqual({ tokens: 10, ts: 60_000 });
    expect(refill({ tokens: 3, ts: 5000 }, shape, 4000)).toEqual({ tokens: 3, ts: 5000 });
  });

  it('grants while tokens last, then says how long to wait', () => {
    expect(takeTokens({ tokens: 2, ts: 0 }, 2, shape, 0)).toEqual({ ok: true, next: { tokens: 0, ts: 0 } });
    expect(takeTokens({ tokens: 0, ts: 0 }, 1, shape, 0)).toEqual({ ok: false, waitMs: 200 });
    expect(takeTokens({ tokens: 0.5, ts: 0 }, 3, shape, 100)).toEqual({ ok: false, waitMs: 400 });
  });

  it('grants a take larger than the capacity once full, leaving the bucket in debt', () => {
    expect(takeTokens({ tokens: 9, ts: 0 }, 25, shape, 0)).toEqual({ ok: false, waitMs: 200 });
    const r = takeTokens({ tokens: 10, ts: 0 }, 25, shape, 0);
    expect(r).toEqual({ ok: true, next: { tokens: -15, ts: 0 } });
    expect(takeTokens({ tokens: -15, ts: 0 }, 1, shape, 0)).toEqual({ ok: false, waitMs: 3200 });
  });
});

describe('per-minute limits as buckets', () => {
  it('never allow more than the limit in any 60 s window: capacity + 60·rate = limit', () => {
    for (const limit of [2, 10, 120, 500, 90_000]) {
      const s = perMinuteShape(limit);
      expect(s.capacity + 60 * s.refillPerSecond).toBeCloseTo(limit, 9);
      expect(s.refillPerSecond).toBeGreaterThan(0);
    }
    expect(perMinuteShape(120)).toEqual({ capacity: 12, refillPerSecond: 1.8 });
    expect(perMinuteShape(1)).toEqual({ capacity: 1, refillPerSecond: 1 / 60 });
    expect(() => perMinuteShape(0)).toThrow(/at least 1/);
  });
});

describe('limit keys', () => {
  it('are valid KV keys and do not clash between provider and model scopes', () => {
    expect(limitKey({ provider: 'openai' }, 'rpm')).toBe('rl.p.openai.rpm');
    expect(limitKey({ provider: 'openai', model: 'gpt-3.5-turbo' }, 'tpm')).toBe('rl.m.openai.gpt-3_2e5-turbo.tpm');
    expect(limitKey({ provider: 'ollama', model: 'llama3.1:8b' }, 'rpm')).toBe('rl.m.ollama.llama3_2e1_3a8b.rpm');
    expect(limitKey({ provider: 'openrouter', model: 'meta-llama/llama-3' }, 'rpm')).toMatch(/^[-/_=.a-zA-Z0-9]+$/);
  });
});
