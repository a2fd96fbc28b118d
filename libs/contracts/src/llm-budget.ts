import { z } from 'zod';

/**
 * A run's LLM budget (scenario `budget`, or the run override): the llm-gateway refuses, with the
 * permanent error `budget_exceeded`, a call whose estimate (input tokens estimated, plus max_tokens;
 * its price from the model's prices) would take the run's spend past either limit, and the run
 * ends with status `budget_exceeded`. Spend counts provider calls only (cache hits are free).
 */
export const llmBudgetSchema = z
  .strictObject({
    max_tokens: z.number().int().min(1).optional(),
    max_cost_usd: z.number().positive().optional(),
  })
  .refine((b) => b.max_tokens !== undefined || b.max_cost_usd !== undefined, 'set max_tokens, max_cost_usd or both');
export type LlmBudget = z.infer<typeof llmBudgetSchema>;

/** The llm-gateway's error code for a call refused by the run's budget; the run ends with the status of the same name. */
export const BUDGET_EXCEEDED = 'budget_exceeded';
