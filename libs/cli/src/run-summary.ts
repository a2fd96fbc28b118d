import type { RunRecord } from '@scrai/contracts';

/** The demo's last line, e.g. `run 0f…e2 completed: 12 turns, 31 events`. Never coloured. */
export function runSummaryLine(run: Pick<RunRecord, 'id' | 'status' | 'turn_count' | 'event_count' | 'end_reason' | 'error'>): string {
  const counts = `${run.turn_count} turns, ${run.event_count} events`;
  switch (run.status) {
    case 'completed':
      return `run ${run.id} completed: ${counts}`;
    case 'failed':
      return `run ${run.id} failed: ${run.error ?? 'unknown error'} (${counts})`;
    case 'stopped':
      return `run ${run.id} stopped${run.end_reason ? ` (${run.end_reason})` : ''}: ${counts}`;
    case 'budget_exceeded':
      return `run ${run.id} stopped by its LLM budget: ${run.error ?? 'budget exceeded'} (${counts})`;
    default:
      return `run ${run.id} is still ${run.status}: ${counts}`;
  }
}
