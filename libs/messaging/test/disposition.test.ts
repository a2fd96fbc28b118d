import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY_POLICY, retryPolicyConfigSchema, retryPolicyOf } from '@scrai/contracts';
import { PermanentError, RetryableError, backoffDelay, dispositionOf, redeliveryOf } from '../src/index.js';

const cfg = retryPolicyConfigSchema.parse({
  max_retries: 2,
  initial_delay_ms: 100,
  max_delay_ms: 1000,
  multiplier: 3,
  overrides: { 'actor.turn': { max_retries: 4 } },
});
const actor = redeliveryOf(retryPolicyOf(cfg, 'actor.turn'));
const narrator = redeliveryOf(retryPolicyOf(cfg, 'scene.open'));
const fail = (error: unknown) => ({ ok: false as const, error });

describe('disposition per task kind', () => {
  it('naks a retryable failure with the kind\'s exponential delay, capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(actor, n))).toEqual([100, 300, 900, 1000]);
    expect(dispositionOf(fail(new Error('boom')), 2, actor)).toEqual({ type: 'nak', delayMs: 300 });
  });

  it('dead-letters on the kind\'s own last delivery: max_retries + 1', () => {
    expect(dispositionOf(fail(new RetryableError('down')), 3, narrator)).toEqual({ type: 'dead_letter', reason: 'max_deliveries', error: 'down' });
    expect(dispositionOf(fail(new RetryableError('down')), 3, actor)).toEqual({ type: 'nak', delayMs: 900 });
    expect(dispositionOf(fail(new RetryableError('down')), 5, actor)).toMatchObject({ type: 'dead_letter', reason: 'max_deliveries' });
    // a later delivery (after a crash on the last one) is dead-lettered too
    expect(dispositionOf(fail(new RetryableError('down')), 6, actor)).toMatchObject({ type: 'dead_letter' });
  });

  it('uses the delay a retryable error asked for', () => {
    expect(dispositionOf(fail(new RetryableError('slow down', 'rate_limited', 2500)), 1, actor)).toEqual({ type: 'nak', delayMs: 2500 });
  });

  it('dead-letters a permanent failure at once, with its code', () => {
    expect(dispositionOf(fail(new PermanentError('never', 'invalid_output')), 1, actor)).toEqual({ type: 'dead_letter', reason: 'permanent:invalid_output', error: 'never' });
  });

  it('acks a success', () => {
    expect(dispositionOf({ ok: true }, 9, redeliveryOf(DEFAULT_RETRY_POLICY))).toEqual({ type: 'ack' });
  });
});
