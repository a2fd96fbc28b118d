import type { EndReason } from '@scrai/contracts';
import type { Draft } from './draft.js';

/** Ends the run: the analyst writes the final report first when there is one. */
export function wrapUp(d: Draft, reason: EndReason): void {
  const s = d.state;
  s.end_reason = reason;
  s.round_queue = [];
  const analyst = d.roster.analyst;
  if (analyst) {
    s.phase = 'reporting';
    d.schedule('analysis.report', analyst.id);
    return;
  }
  complete(d, reason);
}

/** Every ending: the status, why, no work left in flight, and the terminal event with the counts. */
function end(d: Draft, status: 'completed' | 'failed' | 'stopped' | 'budget_exceeded', reason: EndReason, detail: Record<string, unknown>): void {
  const s = d.state;
  s.status = status;
  s.phase = 'done';
  s.end_reason = reason;
  s.pending = {};
  s.buffered = {};
  delete s.paused;
  d.emit(`run.${status}`, null, { ...detail, turns: s.turns, rounds: s.round });
}

export function complete(d: Draft, reason: EndReason): void {
  end(d, 'completed', reason, { reason });
}

export function fail(d: Draft, error: string): void {
  d.state.error = error;
  end(d, 'failed', 'error', { error });
}

export function stop(d: Draft, reason: string): void {
  end(d, 'stopped', 'stopped', { reason });
}

/** The llm-gateway refused a call that would have crossed the run's budget: the run ends at once (no final report, which would cost more). */
export function exceedBudget(d: Draft, reason: string): void {
  end(d, 'budget_exceeded', 'budget_exceeded', { reason });
}
