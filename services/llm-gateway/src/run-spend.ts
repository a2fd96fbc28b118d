import type { KV } from '@nats-io/kv';
import { isCasConflict } from '@scrai/llm-limits';
import { EMPTY_SPEND_RECORD, spendRecordSchema, type SpendRecord } from './spend-record.js';

export { NO_SPEND, addSpend, runSpendSchema, type RunSpend } from './spend-record.js';

/** What one change of a run's record decides: the record to write (none: leave it as it is) and its verdict. */
export interface SpendChange<T> {
  next: SpendRecord | null;
  verdict: T;
}

/** Each budgeted run's spend record (spend-record.ts), shared by every replica. */
export interface SpendStore {
  /** The run's record (an empty one when none is stored). Throws when the store cannot be read. */
  read(runId: string): Promise<SpendRecord>;
  /**
   * Applies `change` to the run's record atomically: `change` (pure) gets the current record and its
   * result is written only if nobody wrote in between; otherwise it runs again on the newer record.
   * Returns the verdict of the change that was written (or that wrote nothing). Throws when the
   * store cannot be read or written.
   */
  update<T>(runId: string, change: (current: SpendRecord) => SpendChange<T>): Promise<T>;
}

const MAX_CAS_ROUNDS = 50;

/**
 * The records in the NATS KV bucket `<ns>-llm-spend` (key = run id, value the record as JSON),
 * changed by compare-and-set on the entry's revision: a replica that lost the race re-reads and
 * decides again, so concurrent reservations from several replicas never see a stale total.
 */
export function kvSpendStore(kv: KV): SpendStore {
  const load = async (runId: string): Promise<{ record: SpendRecord; revision: number }> => {
    const entry = await kv.get(runId);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return { record: EMPTY_SPEND_RECORD, revision: entry?.revision ?? 0 };
    const parsed = spendRecordSchema.safeParse(entry.json());
    return { record: parsed.success ? parsed.data : EMPTY_SPEND_RECORD, revision: entry.revision };
  };
  return {
    async read(runId) {
      return (await load(runId)).record;
    },
    async update(runId, change) {
      for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
        const { record, revision } = await load(runId);
        const { next, verdict } = change(record);
        if (!next) return verdict;
        try {
          if (revision === 0) await kv.create(runId, JSON.stringify(next));
          else await kv.update(runId, JSON.stringify(next), revision);
          return verdict;
        } catch (e) {
          if (!isCasConflict(e)) throw e;
        }
      }
      throw new Error(`spend of run ${runId} not updated: ${MAX_CAS_ROUNDS} compare-and-set rounds lost`);
    },
  };
}
