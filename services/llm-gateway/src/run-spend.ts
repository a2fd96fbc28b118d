import type { KV } from '@nats-io/kv';
import { isCasConflict } from '@scrai/llm-limits';
import { z } from 'zod';

/** What one run has spent on provider calls so far (cache hits are free). */
export const runSpendSchema = z.object({ tokens: z.number().int().min(0), cost_usd: z.number().min(0) });
export type RunSpend = z.infer<typeof runSpendSchema>;
export const NO_SPEND: RunSpend = { tokens: 0, cost_usd: 0 };

/** Each budgeted run's spend, shared by every replica. */
export interface SpendStore {
  /** The run's spend so far (NO_SPEND when none is stored). Throws when the store cannot be read. */
  get(runId: string): Promise<RunSpend>;
  /** Adds one call's spend to the run's; concurrent adds from several replicas all count. */
  add(runId: string, delta: RunSpend): Promise<void>;
}

const MAX_CAS_ROUNDS = 20;

/**
 * The spend in the NATS KV bucket `<ns>-llm-spend` (key = run id, value {tokens, cost_usd} as JSON),
 * updated by compare-and-set: a replica that lost the race re-reads and adds again.
 */
export function kvSpendStore(kv: KV): SpendStore {
  const read = async (runId: string): Promise<{ spend: RunSpend; revision: number }> => {
    const entry = await kv.get(runId);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return { spend: NO_SPEND, revision: 0 };
    const parsed = runSpendSchema.safeParse(entry.json());
    return { spend: parsed.success ? parsed.data : NO_SPEND, revision: entry.revision };
  };
  return {
    async get(runId) {
      return (await read(runId)).spend;
    },
    async add(runId, delta) {
      for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
        const { spend, revision } = await read(runId);
        const next = JSON.stringify(addSpend(spend, delta));
        try {
          if (revision === 0) await kv.create(runId, next);
          else await kv.update(runId, next, revision);
          return;
        } catch (e) {
          if (!isCasConflict(e)) throw e;
        }
      }
      throw new Error(`spend of run ${runId} not updated: ${MAX_CAS_ROUNDS} compare-and-set rounds lost`);
    },
  };
}

export const addSpend = (a: RunSpend, b: RunSpend): RunSpend => ({
  tokens: a.tokens + b.tokens,
  // Round away float noise so sums compare cleanly (as call-cost.ts does).
  cost_usd: Math.round((a.cost_usd + b.cost_usd) * 1e12) / 1e12,
});
