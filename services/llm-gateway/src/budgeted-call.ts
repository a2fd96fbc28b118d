import type { LlmConfig, LlmRequest } from '@scrai/contracts';
import { LlmError } from '@scrai/llm';
import type { Logger } from '@scrai/observability';
import { budgetRefusal, callEstimate } from './budget-check.js';
import type { CallOutcome } from './call-record.js';
import type { SpendStore } from './run-spend.js';

export interface BudgetedCallDeps {
  spend: SpendStore;
  config: LlmConfig;
  log: Logger;
}

/**
 * One provider call under the run's budget (request `budget`; none, or no run id: just the call).
 * Before it: the run's spend plus the call's estimate must stay within the budget, else a permanent
 * `budget_exceeded` (no provider call); a spend that cannot be read is a retryable
 * `budget_unavailable`. After a successful call its tokens and cost are added to the run's spend (a
 * failed add is logged: the call has happened and is answered).
 */
export async function budgetedCall(d: BudgetedCallDeps, req: LlmRequest, callProvider: () => Promise<CallOutcome>, latencyMs: () => number): Promise<CallOutcome> {
  const budget = req.budget;
  const runId = req.run_id;
  if (!budget || !runId) return callProvider();
  const ctx = { request_id: req.request_id, run_id: runId };
  let refusal: LlmError | null;
  try {
    refusal = budgetRefusal(budget, await d.spend.get(runId), callEstimate(d.config, req));
  } catch (e) {
    refusal = new LlmError('budget_unavailable', `the run's LLM spend could not be read: ${message(e)}`, { retryable: true, cause: e });
  }
  if (refusal) {
    d.log.warn({ ...ctx, code: refusal.code, err: refusal.message }, 'llm call refused by the run budget');
    return { ok: false, error: refusal.toInfo(), latencyMs: latencyMs(), attempts: 0 };
  }
  const outcome = await callProvider();
  if (outcome.ok) {
    const usage = outcome.result.usage;
    await d.spend
      .add(runId, { tokens: usage.tokens_in + usage.tokens_out, cost_usd: outcome.costUsd ?? 0 })
      .catch((e: unknown) => d.log.error({ ...ctx, err: message(e) }, 'run spend not updated'));
  }
  return outcome;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
