import type { RunState } from '@scrai/scenario-core';

/**
 * Arms one timer per running run at its deadline (none while paused; a resumed run's deadline has
 * moved, and its timer with it). Any replica may arm the same run's timer; the timeout input it
 * publishes has a deterministic msgID per deadline, so the run sees it once, and a timer armed for a
 * deadline that has since moved finds the run not yet due (decide ignores it).
 */
export class DeadlineTimers {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; deadline: number }>();

  constructor(
    private readonly now: () => number,
    private readonly fire: (runId: string, deadlineAt: number) => void,
  ) {}

  track(state: RunState): void {
    if (state.status !== 'running') return this.clear(state.run_id);
    const deadline = state.deadline_at;
    if (this.timers.get(state.run_id)?.deadline === deadline) return;
    this.clear(state.run_id);
    const delay = Math.max(0, deadline - this.now()) + 50;
    const timer = setTimeout(() => {
      this.timers.delete(state.run_id);
      this.fire(state.run_id, deadline);
    }, Math.min(delay, 2 ** 31 - 1));
    timer.unref();
    this.timers.set(state.run_id, { timer, deadline });
  }

  clear(runId: string): void {
    const t = this.timers.get(runId);
    if (t) clearTimeout(t.timer);
    this.timers.delete(runId);
  }

  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
