import { PermanentError, RetryableError, errorMessage } from './failure.js';

/** What happens to a delivered message. Decided in one place, from the outcome of its handler. */
export type Disposition =
  | { type: 'ack' }
  | { type: 'nak'; delayMs: number }
  | { type: 'dead_letter'; reason: string; error: string };

export interface RedeliveryPolicy {
  /** Deliveries after which a retryable failure is dead-lettered by the worker (consumer max_deliver). */
  maxDeliver: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
}

export const DEFAULT_REDELIVERY: RedeliveryPolicy = { maxDeliver: 5, initialDelayMs: 1000, maxDelayMs: 60_000, multiplier: 2 };

export function backoffDelay(p: RedeliveryPolicy, deliveryCount: number): number {
  const d = p.initialDelayMs * p.multiplier ** Math.max(0, deliveryCount - 1);
  return Math.min(p.maxDelayMs, Math.round(d));
}

/**
 * Success acks. A permanent failure is dead-lettered at once. A retryable one is nak'ed with the
 * delay it asked for or an exponential backoff, until the last allowed delivery, which dead-letters
 * it (the broker would never deliver it again).
 */
export function dispositionOf(outcome: { ok: true } | { ok: false; error: unknown }, deliveryCount: number, p: RedeliveryPolicy): Disposition {
  if (outcome.ok) return { type: 'ack' };
  const err = outcome.error;
  if (err instanceof PermanentError) return { type: 'dead_letter', reason: `permanent:${err.code}`, error: err.message };
  if (deliveryCount >= p.maxDeliver) return { type: 'dead_letter', reason: 'max_deliveries', error: errorMessage(err) };
  const asked = err instanceof RetryableError ? err.retryAfterMs : null;
  return { type: 'nak', delayMs: asked ?? backoffDelay(p, deliveryCount) };
}
