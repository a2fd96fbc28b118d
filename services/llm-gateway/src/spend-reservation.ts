import type { LlmBudget } from '@scrai/contracts';
import type { LlmError } from '@scrai/llm';
import { budgetVerdict } from './budget-check.js';
import type { SpendStore } from './run-spend.js';
import { committedSpend, heldSpend, settledHold, withHold, withoutExpiredHolds, type RunSpend, type SpendRecord } from './spend-record.js';

/** A reservation's answer: held; refused for good; or crowded out for now by the holds of calls in flight. */
export type ReserveVerdict =
  | { kind: 'held' }
  | { kind: 'exceeded'; error: LlmError }
  /** `retryAfterMs`: until the first of the crowding holds expires (they are usually settled long before). */
  | { kind: 'wait'; error: LlmError; retryAfterMs: number };

export interface Reservation {
  holdId: string;
  budget: LlmBudget;
  estimate: RunSpend;
  /** Wall clock now, ms since the epoch. */
  nowMs: number;
  /** How long the hold counts if nobody settles it (its gateway crashed mid-call). */
  lifetimeMs: number;
}

/**
 * Reserves a call's estimate in the run's record in one compare-and-set: the finished calls' spend,
 * the live holds and the estimate together must fit the budget. Expired holds are dropped on the way
 * (and written back even when the reservation is refused), so a crashed gateway's hold stops
 * counting once it expires.
 */
export function reserveSpend(store: SpendStore, runId: string, r: Reservation): Promise<ReserveVerdict> {
  return store.update<ReserveVerdict>(runId, (current) => {
    const live = withoutExpiredHolds(current, r.nowMs);
    const cleaned = changedHolds(current, live) ? live : null;
    const v = budgetVerdict(r.budget, committedSpend(live), heldSpend(live), r.estimate);
    if (v.kind === 'fits') return { next: withHold(live, r.holdId, { ...r.estimate, expires_at_ms: r.nowMs + r.lifetimeMs }), verdict: { kind: 'held' } };
    if (v.kind === 'exceeded') return { next: cleaned, verdict: v };
    const firstExpiry = Math.min(...Object.values(live.holds).map((h) => h.expires_at_ms));
    return { next: cleaned, verdict: { ...v, retryAfterMs: Math.max(0, firstExpiry - r.nowMs) } };
  });
}

/**
 * Ends a reservation: its hold is replaced by what the call actually spent (`actual` null: the call
 * failed, the hold is just released). Expired holds are dropped on the way. A hold that already
 * expired still gets its call's actual spend added: what was spent counts, however late.
 */
export function settleSpend(store: SpendStore, runId: string, holdId: string, actual: RunSpend | null, nowMs: number): Promise<void> {
  return store.update<void>(runId, (current) => {
    const live = withoutExpiredHolds(current, nowMs);
    if (!actual && !(holdId in current.holds) && !changedHolds(current, live)) return { next: null, verdict: undefined };
    return { next: settledHold(live, holdId, actual), verdict: undefined };
  });
}

const changedHolds = (a: SpendRecord, b: SpendRecord): boolean => Object.keys(a.holds).length !== Object.keys(b.holds).length;
