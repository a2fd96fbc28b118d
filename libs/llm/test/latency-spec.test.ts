import { describe, expect, it } from '@jest/globals';
import { drawLatencyMs, LlmError, MockProvider, parseLatencySpec, rngFor } from '@scrai/llm';
import { request } from './request-fixtures.js';

describe('latency spec', () => {
  it('parses every form', () => {
    expect(parseLatencySpec('0')).toEqual({ kind: 'fixed', ms: 0 });
    expect(parseLatencySpec('150')).toEqual({ kind: 'fixed', ms: 150 });
    expect(parseLatencySpec('fixed:200')).toEqual({ kind: 'fixed', ms: 200 });
    expect(parseLatencySpec(' uniform:100-300 ')).toEqual({ kind: 'uniform', min: 100, max: 300 });
    expect(parseLatencySpec('normal:200,50')).toEqual({ kind: 'normal', mean: 200, stddev: 50 });
  });

  it('rejects malformed specs with a message that shows the accepted forms', () => {
    for (const bad of ['', 'fast', 'fixed:', 'fixed:-5', 'uniform:300-100', 'uniform:100', 'normal:200', 'gamma:1,2']) {
      expect(() => parseLatencySpec(bad)).toThrow(/invalid latency spec/);
    }
    expect(() => parseLatencySpec('gamma:1,2')).toThrow(/uniform:<min>-<max>/);
  });

  it('draws deterministically within bounds, never negative', () => {
    const u = parseLatencySpec('uniform:100-300');
    const draws = Array.from({ length: 200 }, (_, i) => drawLatencyMs(u, rngFor(`k${i}`, 'latency')));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...draws)).toBeLessThanOrEqual(300);
    expect(drawLatencyMs(u, rngFor('k1', 'latency'))).toBe(draws[1]);
    const n = parseLatencySpec('normal:10,50');
    expect(Array.from({ length: 200 }, (_, i) => drawLatencyMs(n, rngFor(`k${i}`, 'l'))).every((x) => x >= 0)).toBe(true);
  });

  it('respects a fixed latency', async () => {
    const mock = new MockProvider({ latency: parseLatencySpec('fixed:30') });
    const t0 = performance.now();
    await mock.generate(request());
    expect(performance.now() - t0).toBeGreaterThanOrEqual(28);
  });

  it('honours an abort signal while waiting', async () => {
    const mock = new MockProvider({ latency: parseLatencySpec('fixed:5000') });
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 20);
    const err = await mock.generate(request(), { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err).toMatchObject({ code: 'aborted', retryable: false });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
