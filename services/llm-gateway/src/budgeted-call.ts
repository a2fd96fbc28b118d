import { randomUUID } from 'node:crypto';
import type { LlmConfig, LlmRequest } from '@scrai/contracts';
import { LlmError, abortableSleep } from '@scrai/llm';
import type { Logger } from '@scrai/observability';
import { callEstimate } from './budget-check.js';
import type { CallOutcome } from './call-record.js';
import type { SpendStore } from './run-spend.js';
import { reserveSpend, settleSpend, type ReserveVerdict } from './spend-reservation.js';

/**
 * How long a reservation counts when nobody settles it (its gateway crashed mid-call). Longer than a
 * call may usefully take: the engines stop waiting for an answer after SCRAI_LLM_TIMEOUT_MS (2 min by
 * default). A call that outlives its hold still adds what it spent when it ends.
 */
export const HOLD_LIFETIME_MS = 5 * 60_000;
/** How long a call crowded out by the reservations of calls in flight waits for them to end. */
export const HOLD_WAIT_MS = 60_000;

export interface BudgetedCallDeps {
  spend: SpendStore;
  config: LlmConfig;
  log: Logger;
  /** Wall clock in ms (hold expiry). Default Date.now. */
  nowMs?: () => number;
  /** Reservation timing (defaults above); tests shorten them. */
  holdLifetimeMs?: number;
  holdWaitMs?: number;
}

/**
 * One provider call under the run's budget (request `budget`; none, or no run id: just the call).
 *
 * Before it, the call's estimate is reserved in the run's spend record by compare-and-set
 * (spend-reservation.ts), so parallel calls of one run (simultaneous turns, several replicas) cannot
 * all pass a check on the same total and overshoot together:
 * - finished calls' spend + estimate crosses the budget: a permanent `budget_exceeded`, no provider call;
 * - it fits only without the holds of calls in flight: wait for them to end (they usually spend less
 *   than their estimate) and try again, for at most `holdWaitMs`, then a retryable `budget_unavailable`
 *   with the time until the first crowding hold expires;
 * - a record that cannot be read or written: a retryable `budget_unavailable`.
 * After the call its hold is replaced by the actual tokens and cost (released when the call failed);
 * a failed settle is logged (the call has happened and is answered; the hold expires on its own).
 */
export async function budgetedCall(d: BudgetedCallDeps, req: LlmRequest, callProvider: () => Promise<CallOutcome>, latencyMs: () => number): Promise<CallOutcome> {
  const budget = req.budget;
  const runId = req.run_id;
  if (!budget || !runId) return callProvider();
  const ctx = { request_id: req.request_id, run_id: runId };
  const now = d.nowMs ?? Date.now;
  const holdId = `${req.request_id}:${randomUUID()}`;
  const estimate = callEstimate(d.config, req);
  const refuse = (error: LlmError): CallOutcome => {
    d.log.warn({ ...ctx, code: error.code, err: error.message }, 'llm call refused by the run budget');
    return { ok: false, error: error.toInfo(), latencyMs: latencyMs(), attempts: 0 };
  };

  const waitUntil = now() + (d.holdWaitMs ?? HOLD_WAIT_MS);
  for (let pause = 10; ; pause = Math.min(250, pause * 2)) {
    let verdict: ReserveVerdict;
    try {
      verdict = await reserveSpend(d.spend, runId, { holdId, budget, estimate, nowMs: now(), lifetimeMs: d.holdLifetimeMs ?? HOLD_LIFETIME_MS });
    } catch (e) {
      return refuse(new LlmError('budget_unavailable', `the run's LLM spend could not be read or reserved: ${message(e)}`, { retryable: true, cause: e }));
    }
    if (verdict.kind === 'held') break;
    if (verdict.kind === 'exceeded') return refuse(verdict.error);
    if (now() >= waitUntil) {
      return refuse(
        new LlmError('budget_unavailable', `calls in flight hold the rest of the run's LLM budget: ${verdict.error.message}`, {
          retryable: true,
          retryAfterMs: verdict.retryAfterMs,
        }),
      );
    }
    await abortableSleep(pause);
  }

  let outcome: CallOutcome | null = null;
  try {
    outcome = await callProvider();
    return outcome;
  } finally {
    const actual = outcome?.ok ? { tokens: outcome.result.usage.tokens_in + outcome.result.usage.tokens_out, cost_usd: outcome.costUsd ?? 0 } : null;
    await settleSpend(d.spend, runId, holdId, actual, now()).catch((e: unknown) => d.log.error({ ...ctx, err: message(e) }, 'run spend not settled'));
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
