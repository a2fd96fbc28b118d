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

export function complete(d: Draft, reason: EndReason): void {
  const s = d.state;
  s.status = 'completed';
  s.phase = 'done';
  s.end_reason = reason;
  s.pending = {};
  s.buffered = {};
  d.emit('run.completed', null, { reason, turns: s.turns, rounds: s.round });
}

export function fail(d: Draft, error: string): void {
  const s = d.state;
  s.status = 'failed';
  s.phase = 'done';
  s.end_reason = 'error';
  s.error = error;
  s.pending = {};
  s.buffered = {};
  d.emit('run.failed', null, { error, turns: s.turns, rounds: s.round });
}

export function stop(d: Draft, reason: string): void {
  const s = d.state;
  s.status = 'stopped';
  s.phase = 'done';
  s.end_reason = 'stopped';
  s.pending = {};
  s.buffered = {};
  d.emit('run.stopped', null, { reason, turns: s.turns, rounds: s.round });
}
