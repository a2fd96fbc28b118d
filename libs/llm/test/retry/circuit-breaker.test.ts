import { describe, expect, it } from '@jest/globals';
import { createBreakerRegistry, createCircuitBreaker } from '../../src/retry/index.js';
import { fakeTime } from './fake-time.js';

describe('circuit breaker', () => {
  it('closed → open after N consecutive failures → half-open after the rest → closed on success', () => {
    const time = fakeTime();
    const b = createCircuitBreaker({ failureThreshold: 3, resetAfterMs: 1000, now: time.now });
    expect(b.state()).toBe('closed');
    b.recordFailure();
    b.recordFailure();
    expect(b.state()).toBe('closed');
    b.recordFailure();
    expect(b.state()).toBe('open');
    expect(b.tryPass()).toBe(false);
    expect(b.retryInMs()).toBe(1000);
    time.advance(999);
    expect(b.tryPass()).toBe(false);
    time.advance(1);
    expect(b.state()).toBe('half_open');
    expect(b.tryPass()).toBe(true);
    expect(b.tryPass()).toBe(false); // one trial call at a time
    b.recordSuccess();
    expect(b.state()).toBe('closed');
    expect(b.tryPass()).toBe(true);
  });

  it('a success resets the count: only consecutive failures open it', () => {
    const time = fakeTime();
    const b = createCircuitBreaker({ failureThreshold: 2, resetAfterMs: 1000, now: time.now });
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    expect(b.state()).toBe('closed');
    b.recordFailure();
    expect(b.state()).toBe('open');
  });

  it('a failed trial call reopens the circuit for another full rest', () => {
    const time = fakeTime();
    const b = createCircuitBreaker({ failureThreshold: 1, resetAfterMs: 500, now: time.now });
    b.recordFailure();
    time.advance(500);
    expect(b.tryPass()).toBe(true);
    b.recordFailure();
    expect(b.state()).toBe('open');
    expect(b.retryInMs()).toBe(500);
    time.advance(500);
    expect(b.tryPass()).toBe(true);
  });

  it('keeps one breaker per model', () => {
    const time = fakeTime();
    const breakerOf = createBreakerRegistry({ failureThreshold: 1, resetAfterMs: 500, now: time.now });
    breakerOf('openai/a').recordFailure();
    expect(breakerOf('openai/a').state()).toBe('open');
    expect(breakerOf('openai/b').state()).toBe('closed');
  });
});
