import { BUDGET_EXCEEDED, type LlmBudget, type LlmConfig, type LlmRequest } from '@scrai/contracts';
import { LlmError, estimateInputTokens } from '@scrai/llm';
import { callCostUsd } from './call-cost.js';
import { addSpend, type RunSpend } from './spend-record.js';

/** What a call may spend at most: its input estimate plus max_tokens, priced at the requested model's prices (0 when unpriced). */
export function callEstimate(config: LlmConfig, req: LlmRequest): RunSpend {
  const tokensIn = estimateInputTokens(req);
  const tokensOut = req.max_tokens ?? 0;
  return { tokens: tokensIn + tokensOut, cost_usd: callCostUsd(config, req.provider, req.model, { tokens_in: tokensIn, tokens_out: tokensOut }) ?? 0 };
}

/**
 * The permanent `budget_exceeded` error when the run's spend plus the call's estimate would cross
 * either limit of its budget; null when the call may go ahead.
 */
export function budgetRefusal(budget: LlmBudget, spent: RunSpend, estimate: RunSpend): LlmError | null {
  const over: string[] = [];
  if (budget.max_tokens !== undefined && spent.tokens + estimate.tokens > budget.max_tokens) {
    over.push(`tokens: ${spent.tokens} spent + up to ${estimate.tokens} for this call > max_tokens ${budget.max_tokens}`);
  }
  if (budget.max_cost_usd !== undefined && spent.cost_usd + estimate.cost_usd > budget.max_cost_usd) {
    over.push(`cost: ${spent.cost_usd} USD spent + up to ${estimate.cost_usd} USD for this call > max_cost_usd ${budget.max_cost_usd}`);
  }
  if (!over.length) return null;
  return new LlmError(BUDGET_EXCEEDED, `the run's LLM budget would be crossed (${over.join('; ')})`, { retryable: false });
}

/**
 * Whether a call may reserve its estimate now: `fits`; `exceeded` when even the finished calls'
 * spend plus the estimate crosses the budget (waiting cannot help); `wait` when it would fit on the
 * finished calls' spend but not beside the estimates of the calls still in flight (`held`), which
 * usually end up spending less than their estimate.
 */
export type BudgetVerdict = { kind: 'fits' } | { kind: 'exceeded'; error: LlmError } | { kind: 'wait'; error: LlmError };

export function budgetVerdict(budget: LlmBudget, committed: RunSpend, held: RunSpend, estimate: RunSpend): BudgetVerdict {
  const refusal = budgetRefusal(budget, committed, estimate);
  if (refusal) return { kind: 'exceeded', error: refusal };
  const crowded = budgetRefusal(budget, addSpend(committed, held), estimate);
  return crowded ? { kind: 'wait', error: crowded } : { kind: 'fits' };
}
