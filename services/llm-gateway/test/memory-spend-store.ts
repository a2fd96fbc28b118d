import { NO_SPEND, addSpend, type RunSpend, type SpendStore } from '../src/run-spend.js';

/** A process-memory SpendStore for unit tests (the service uses the KV one); `failing` makes every read throw. */
export class MemorySpendStore implements SpendStore {
  readonly spent = new Map<string, RunSpend>();
  failing = false;

  async get(runId: string): Promise<RunSpend> {
    if (this.failing) throw new Error('spend store down');
    return this.spent.get(runId) ?? NO_SPEND;
  }

  async add(runId: string, delta: RunSpend): Promise<void> {
    this.spent.set(runId, addSpend(this.spent.get(runId) ?? NO_SPEND, delta));
  }
}
