import { describe, expect, it } from '@jest/globals';
import { classifyHttpStatus, retryAfterMs } from '@scrai/llm';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'Retry-After': 'Sun, 01 Mar 2026 12:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Sun, 01 Mar 2026 11:59:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, null],
    [{ 'retry-after-ms': 'x', 'retry-after': '1' }, 1000],
    [{}, null],
  ])('%j ⇒ %p', (headers, ms) => {
    expect(retryAfterMs(headers, NOW)).toBe(ms);
    expect(retryAfterMs(new Headers(headers as Record<string, string>), NOW)).toBe(ms);
  });
});

describe('classifyHttpStatus', () => {
  it.each([
    [408, 'timeout', true],
    [409, 'provider_error', true],
    [500, 'provider_error', true],
    [502, 'provider_error', true],
    [503, 'overloaded', true],
    [529, 'overloaded', true],
    [400, 'bad_request', false],
    [401, 'auth_failed', false],
    [403, 'auth_failed', false],
    [404, 'bad_request', false],
    [413, 'bad_request', false],
    [422, 'bad_request', false],
  ])('%i ⇒ %s (retryable %p)', (status, code, retryable) => {
    const e = classifyHttpStatus({ status, message: 'boom' }, 'p', NOW);
    expect(e).toMatchObject({ code, retryable, message: `p ${status}: boom` });
  });

  it('429 carries the delay; quota beats every status', () => {
    expect(classifyHttpStatus({ status: 429, message: 'slow down', headers: { 'retry-after': '4' } }, 'p', NOW)).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 4000,
    });
    const q = classifyHttpStatus({ status: 429, message: 'quota', headers: { 'retry-after': '4' }, quotaExhausted: true }, 'p', NOW);
    expect(q).toMatchObject({ code: 'quota_exhausted', retryable: false, retryAfterMs: null });
  });
});
