import { describe, expect, it } from '@jest/globals';
import { llmRetryConfigSchema, type LlmRetryConfig } from '@scrai/contracts';
import { LlmError } from '../../src/llm-error.js';
import { backoffDelayMs, retryLlmCall, type LlmAttemptRecord } from '../../src/retry/index.js';
import { fakeTime } from './fake-time.js';

const policy = (o: Partial<LlmRetryConfig> = {}): LlmRetryConfig =>
  llmRetryConfigSchema.parse({ max_attempts: 4, initial_delay_ms: 100, max_delay_ms: 1000, multiplier: 2, jitter: 0, ...o });

const rateLimited = (retryAfterMs: number | null = null) => new LlmError('rate_limited', '429', { retryable: true, retryAfterMs });
const serverError = () => new LlmError('provider_error', '503', { retryable: true });

/** fn that fails with the given errors in turn, then answers "ok". */
function script(...errors: Error[]) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    const e = errors[attempt - 1];
    if (e) throw e;
    return 'ok';
  };
  return { fn, calls };
}

function harness(p: LlmRetryConfig, random = () => 0) {
  const time = fakeTime();
  const attempts: LlmAttemptRecord[] = [];
  return { time, attempts, opts: { policy: p, sleep: time.sleep, random, now: time.now, onAttempt: (r: LlmAttemptRecord) => attempts.push(r) } };
}

describe('retryLlmCall', () => {
  it('retries retryable errors with exponential backoff and records every attempt', async () => {
    const { time, attempts, opts } = harness(policy());
    const { fn, calls } = script(serverError(), serverError());
    await expect(retryLlmCall(fn, opts)).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3]);
    expect(time.sleeps).toEqual([100, 200]);
    expect(attempts.map((a) => [a.attempt, a.error?.code ?? null, a.next_delay_ms])).toEqual([
      [1, 'provider_error', 100],
      [2, 'provider_error', 200],
      [3, null, null],
    ]);
    expect(attempts[0]!.started_at).toBe('2025-01-01T00:00:00.000Z');
    expect(Date.parse(attempts[2]!.started_at) - Date.parse(attempts[0]!.started_at)).toBe(300);
  });

  it('honours retry-after: never sooner than asked, even when the backoff is shorter', async () => {
    const { time, opts } = harness(policy());
    const { fn } = script(rateLimited(2500), rateLimited(10), serverError());
    await retryLlmCall(fn, opts);
    expect(time.sleeps).toEqual([2500, 200, 400]);
  });

  it('fails at once when retry-after is longer than max_retry_after_ms', async () => {
    const { time, attempts, opts } = harness(policy({ max_retry_after_ms: 5000 }));
    const { fn, calls } = script(rateLimited(60_000));
    await expect(retryLlmCall(fn, opts)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(calls).toEqual([1]);
    expect(time.sleeps).toEqual([]);
    expect(attempts).toEqual([expect.objectContaining({ attempt: 1, error: { code: 'rate_limited', retryable: true, retry_after_ms: 60_000 }, next_delay_ms: null })]);
  });

  it('does not retry errors that are not retryable (quota exhausted, bad request, plain exceptions)', async () => {
    for (const e of [new LlmError('quota_exhausted', 'spend limit', { retryable: false }), new LlmError('bad_request', '400', { retryable: false }), new TypeError('boom')]) {
      const { time, attempts, opts } = harness(policy());
      const { fn, calls } = script(e);
      await expect(retryLlmCall(fn, opts)).rejects.toBeInstanceOf(LlmError);
      expect(calls).toEqual([1]);
      expect(time.sleeps).toEqual([]);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.error?.retryable).toBe(false);
    }
  });

  it('gives up after max_attempts with the last error, every attempt recorded', async () => {
    const { time, attempts, opts } = harness(policy({ max_attempts: 3 }));
    const { fn, calls } = script(serverError(), rateLimited(50), new LlmError('timeout', 'attempt timed out', { retryable: true }), serverError());
    await expect(retryLlmCall(fn, opts)).rejects.toMatchObject({ code: 'timeout' });
    expect(calls).toEqual([1, 2, 3]);
    expect(time.sleeps).toEqual([100, 200]);
    expect(attempts.map((a) => a.error?.code)).toEqual(['provider_error', 'rate_limited', 'timeout']);
    expect(attempts.at(-1)!.next_delay_ms).toBeNull();
  });

  it('measures each attempt\'s latency with the injected clock', async () => {
    const { time, attempts, opts } = harness(policy());
    const fn = async (attempt: number) => {
      time.advance(attempt * 70);
      if (attempt === 1) throw serverError();
      return 'ok';
    };
    await retryLlmCall(fn, opts);
    expect(attempts.map((a) => a.latency_ms)).toEqual([70, 140]);
  });

  it('stops waiting when the signal fires', async () => {
    const { opts } = harness(policy());
    const ac = new AbortController();
    const fn = async () => {
      ac.abort();
      throw serverError();
    };
    await expect(retryLlmCall(fn, { ...opts, signal: ac.signal })).rejects.toThrow();
  });
});

describe('backoff delays', () => {
  it('grow by the multiplier up to max_delay_ms, with the jitter taken off the top', () => {
    const p = policy({ initial_delay_ms: 500, max_delay_ms: 3000, jitter: 0.5 });
    expect([1, 2, 3, 4, 5].map((r) => backoffDelayMs(p, r, () => 0))).toEqual([500, 1000, 2000, 3000, 3000]);
    expect(backoffDelayMs(p, 2, () => 0.999999)).toBe(500);
    expect(backoffDelayMs(p, 2, () => 0.5)).toBe(750);
  });
});
