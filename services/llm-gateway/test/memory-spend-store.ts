import type { SpendChange, SpendStore } from '../src/run-spend.js';
import { EMPTY_SPEND_RECORD, type SpendRecord } from '../src/spend-record.js';

/** A process-memory SpendStore for unit tests (the service uses the KV one); `failing` makes every read throw. */
export class MemorySpendStore implements SpendStore {
  readonly records = new Map<string, SpendRecord>();
  failing = false;

  async read(runId: string): Promise<SpendRecord> {
    if (this.failing) throw new Error('spend store down');
    return this.records.get(runId) ?? EMPTY_SPEND_RECORD;
  }

  async update<T>(runId: string, change: (current: SpendRecord) => SpendChange<T>): Promise<T> {
    const { next, verdict } = change(await this.read(runId));
    if (next) this.records.set(runId, next);
    return verdict;
  }

  /** What the run's finished calls spent (holds left out). */
  spentOf(runId: string): { tokens: number; cost_usd: number } | undefined {
    const r = this.records.get(runId);
    return r && { tokens: r.tokens, cost_usd: r.cost_usd };
  }
}
