import type { RunState } from '@scrai/scenario-core';

/**
 * Arms one timer per running run at its deadline. Any replica may arm the same run's timer; the
 * timeout input it publishes has a deterministic msgID, so the run sees it once.
 */
export class DeadlineTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly now: () => number,
    private readonly fire: (runId: string) => void,
  ) {}

  track(state: RunState): void {
    if (state.status !== 'running') return this.clear(state.run_id);
    if (this.timers.has(state.run_id)) return;
    const delay = Math.max(0, state.deadline_at - this.now()) + 50;
    const t = setTimeout(() => {
      this.timers.delete(state.run_id);
      this.fire(state.run_id);
    }, Math.min(delay, 2 ** 31 - 1));
    t.unref();
    this.timers.set(state.run_id, t);
  }

  clear(runId: string): void {
    const t = this.timers.get(runId);
    if (t) clearTimeout(t);
    this.timers.delete(runId);
  }

  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
