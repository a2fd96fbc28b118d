import { z } from 'zod';

/** Totals of a set of LLM calls. `cost_usd` is null when no call of the set had a price. */
export const usageTotalsSchema = z.object({
  calls: z.number().int().min(0),
  attempts: z.number().int().min(0),
  failed_calls: z.number().int().min(0),
  cached_calls: z.number().int().min(0),
  tokens_in: z.number().int().min(0),
  tokens_out: z.number().int().min(0),
  cost_usd: z.number().min(0).nullable(),
  latency_ms_total: z.number().min(0),
});
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

/** GET /api/v1/runs/{id}/usage: what a run's LLM calls cost, in total, per agent and per model. */
export const runUsageSchema = z.object({
  run_id: z.string().uuid(),
  totals: usageTotalsSchema,
  by_agent: z.array(usageTotalsSchema.extend({ agent_id: z.string().nullable() })),
  by_model: z.array(usageTotalsSchema.extend({ provider: z.string(), model: z.string() })),
});
export type RunUsage = z.infer<typeof runUsageSchema>;

export const runUsageRequestSchema = z.object({ run_id: z.string().uuid() });
