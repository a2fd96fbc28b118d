import { z } from 'zod';

/** An amount of LLM spend: tokens (in + out) and money. */
export const runSpendSchema = z.object({ tokens: z.number().int().min(0), cost_usd: z.number().min(0) });
export type RunSpend = z.infer<typeof runSpendSchema>;
export const NO_SPEND: RunSpend = { tokens: 0, cost_usd: 0 };

/**
 * A reservation: the estimate of one provider call in flight, counted against the run's budget until
 * the call ends. `expires_at_ms` (wall clock, ms since the epoch) lets a hold whose gateway crashed
 * mid-call stop counting on its own.
 */
export const spendHoldSchema = runSpendSchema.extend({ expires_at_ms: z.number().int() });
export type SpendHold = z.infer<typeof spendHoldSchema>;

/**
 * One run's value in the spend bucket: what its finished provider calls spent (`tokens`, `cost_usd`)
 * and the holds of the calls still in flight, by hold id. A value written before holds existed
 * ({tokens, cost_usd} only) reads as one without holds.
 */
export const spendRecordSchema = runSpendSchema.extend({ holds: z.record(z.string(), spendHoldSchema).default({}) });
export type SpendRecord = z.infer<typeof spendRecordSchema>;
export const EMPTY_SPEND_RECORD: SpendRecord = { ...NO_SPEND, holds: {} };

export const addSpend = (a: RunSpend, b: RunSpend): RunSpend => ({
  tokens: a.tokens + b.tokens,
  // Round away float noise so sums compare cleanly (as call-cost.ts does).
  cost_usd: Math.round((a.cost_usd + b.cost_usd) * 1e12) / 1e12,
});

/** What the record's finished calls spent (its holds left out). */
export const committedSpend = (r: SpendRecord): RunSpend => ({ tokens: r.tokens, cost_usd: r.cost_usd });

/** The record without its holds that expired by `nowMs`. */
export function withoutExpiredHolds(r: SpendRecord, nowMs: number): SpendRecord {
  const holds = Object.fromEntries(Object.entries(r.holds).filter(([, h]) => h.expires_at_ms > nowMs));
  return { ...r, holds };
}

/** The sum of the record's holds (expired ones included: drop them first with withoutExpiredHolds). */
export const heldSpend = (r: SpendRecord): RunSpend =>
  Object.values(r.holds).reduce<RunSpend>((sum, h) => addSpend(sum, { tokens: h.tokens, cost_usd: h.cost_usd }), NO_SPEND);

/** The record with one more hold. */
export const withHold = (r: SpendRecord, holdId: string, hold: SpendHold): SpendRecord => ({ ...r, holds: { ...r.holds, [holdId]: hold } });

/**
 * The record once a call ends: its hold removed (if still there) and what it actually spent added
 * (`actual` null: the call failed and spent nothing that is billed).
 */
export function settledHold(r: SpendRecord, holdId: string, actual: RunSpend | null): SpendRecord {
  const { [holdId]: _settled, ...holds } = r.holds;
  return { ...(actual ? addSpend(committedSpend(r), actual) : committedSpend(r)), holds };
}
