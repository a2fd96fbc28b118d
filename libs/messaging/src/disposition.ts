import { lastRetryDelivery, type RetryPolicy } from '@scrai/contracts';
import { PermanentError, RetryableError, errorMessage } from './failure.js';

/** What happens to a delivered message. Decided in one place, from the outcome of its handler. */
export type Disposition =
  | { type: 'ack' }
  | { type: 'nak'; delayMs: number }
  | { type: 'dead_letter'; reason: string; error: string };

export interface RedeliveryPolicy {
  /** The delivery whose retryable failure the worker dead-letters (a task kind's max_retries + 1; at most the consumer's max_deliver). */
  maxDeliver: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
}

export const DEFAULT_REDELIVERY: RedeliveryPolicy = { maxDeliver: 5, initialDelayMs: 1000, maxDelayMs: 60_000, multiplier: 2 };

/** A task kind's retry policy (contracts, as configured) as the work loop applies it: nak delays up to its last retry. */
export function redeliveryOf(p: RetryPolicy): RedeliveryPolicy {
  return { maxDeliver: lastRetryDelivery(p), initialDelayMs: p.initial_delay_ms, maxDelayMs: p.max_delay_ms, multiplier: p.multiplier };
}

/** True on the delivery whose retryable failure is dead-lettered (or any later one, after a crash). */
export const isFinalDelivery = (p: RedeliveryPolicy, deliveryCount: number): boolean => deliveryCount >= p.maxDeliver;

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
  if (isFinalDelivery(p, deliveryCount)) return { type: 'dead_letter', reason: 'max_deliveries', error: errorMessage(err) };
  const asked = err instanceof RetryableError ? err.retryAfterMs : null;
  return { type: 'nak', delayMs: asked ?? backoffDelay(p, deliveryCount) };
}
