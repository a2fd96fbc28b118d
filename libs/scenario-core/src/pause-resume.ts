import { isoTime } from '@scrai/contracts';
import type { Draft } from './draft.js';
import { firstTimeOf } from './control-requests.js';

/**
 * Pause: the run stops scheduling. Tasks in flight still complete and their results are recorded,
 * but whatever would be scheduled next is held (Draft.schedule) until resume. The deadline does not
 * run out while paused: resume moves it by the paused time, so a run gets its full timeout_seconds
 * of running time. Stop and injections work while paused. False when nothing changes (not running,
 * or a repeated request).
 */
export function pauseRun(d: Draft, requestId: string, reason: string): boolean {
  const s = d.state;
  if (s.status !== 'running' || !firstTimeOf(s, requestId)) return false;
  s.status = 'paused';
  s.paused = { since: d.now, reason, held: [] };
  d.emit('run.paused', null, { reason, turns: s.turns, rounds: s.round });
  return true;
}

/** Resume: running again, the deadline moved by the paused time, and the held tasks scheduled, in order. */
export function resumeRun(d: Draft, requestId: string): boolean {
  const s = d.state;
  if (s.status !== 'paused' || !s.paused || !firstTimeOf(s, requestId)) return false;
  const { since, held } = s.paused;
  delete s.paused;
  s.status = 'running';
  const pausedMs = Math.max(0, d.now - since);
  s.deadline_at += pausedMs;
  d.emit('run.resumed', null, { paused_ms: pausedMs, deadline_at: isoTime(s.deadline_at) });
  for (const t of held) d.schedule(t.kind, t.agent_id);
  return true;
}
