import type { ActorTurnOutput, EventUsage } from '@scrai/contracts';
import type { Draft } from './draft.js';
import { phraseSpoken } from './completion.js';
import { PRIVATE_THOUGHT, appendToWindow } from './transcript-window.js';
import { wrapUp } from './run-lifecycle.js';
import { endRound, nextInRound } from './round-flow.js';

/** Fields added to an actor.turn payload (a fallback line says `fallback: true`; task-failure.ts). */
export type TurnExtra = Record<string, unknown>;

/** Records one actor turn as an event, in the transcript and in the stats. */
export function recordTurn(d: Draft, agentId: string, taskSeq: number, out: ActorTurnOutput, usage: EventUsage | null, extra?: TurnExtra): void {
  const s = d.state;
  s.turns++;
  s.turns_by_agent[agentId] = (s.turns_by_agent[agentId] ?? 0) + 1;
  s.actions[out.action] = (s.actions[out.action] ?? 0) + 1;
  if (out.action === 'done' && !s.done_agents.includes(agentId)) s.done_agents.push(agentId);
  const target = out.target && out.target !== agentId ? out.target : null;
  const seq = d.emit('actor.turn', agentId, {
    turn: s.turns,
    round: s.round,
    action: out.action,
    content: out.content,
    target,
    usage,
    ...extra,
  }, taskSeq);
  const text = out.action === 'act' ? `*${out.content}*` : out.action === 'done' ? `${out.content} (leaves the discussion)` : out.content;
  appendToWindow(
    s,
    { seq, agent_id: agentId, kind: out.action === 'think' ? PRIVATE_THOUGHT : `actor.${out.action}`, text: target ? `(to ${target}) ${text}` : text },
    d.spec.scenario.context_window,
  );
}

function checkpointDue(d: Draft, turnsBefore: number): boolean {
  const n = d.spec.scenario.analysis_every_n_turns;
  if (n <= 0 || !d.roster.analyst) return false;
  if (d.state.turns >= d.spec.scenario.max_turns) return false; // the final report covers it
  return Math.floor(d.state.turns / n) > Math.floor(turnsBefore / n);
}

function scheduleCheckpoint(d: Draft, resume: 'continue_round' | 'end_round'): void {
  d.state.phase = 'analyzing';
  d.state.resume_after_checkpoint = resume;
  d.schedule('analysis.checkpoint', d.roster.analyst!.id);
}

/** Round robin: one actor acted. */
export function afterSequentialTurn(d: Draft, agentId: string, taskSeq: number, out: ActorTurnOutput, usage: EventUsage | null, extra?: TurnExtra): void {
  const before = d.state.turns;
  recordTurn(d, agentId, taskSeq, out, usage, extra);
  if (phraseSpoken(d.spec, out.content)) return wrapUp(d, 'phrase');
  if (checkpointDue(d, before)) return scheduleCheckpoint(d, 'continue_round');
  nextInRound(d);
}

/**
 * Simultaneous: results are held until every actor of the round has answered, then recorded in the
 * roster's order, so the log does not depend on which engine answered first.
 */
export function afterParallelTurn(d: Draft, agentId: string, taskSeq: number, out: ActorTurnOutput, usage: EventUsage | null, extra?: TurnExtra): void {
  d.state.buffered[String(taskSeq)] = extra ? { agent: agentId, out, usage, extra } : { agent: agentId, out, usage };
  completeParallelRound(d);
}

/** Simultaneous: once no actor turn of the round is pending, records the held results and moves on. */
export function completeParallelRound(d: Draft): void {
  const s = d.state;
  if (Object.values(s.pending).some((p) => p.kind === 'actor.turn')) return;
  const before = s.turns;
  const order = new Map(d.roster.actors.map((a, i) => [a.id, i]));
  const results = Object.entries(s.buffered).map(([seq, r]) => ({ seq: Number(seq), ...(r as { agent: string; out: ActorTurnOutput; usage: EventUsage | null; extra?: TurnExtra }) }));
  results.sort((a, b) => (order.get(a.agent) ?? 0) - (order.get(b.agent) ?? 0));
  s.buffered = {};
  let phrase = false;
  for (const r of results) {
    recordTurn(d, r.agent, r.seq, r.out, r.usage, r.extra);
    phrase ||= phraseSpoken(d.spec, r.out.content);
  }
  if (phrase) return wrapUp(d, 'phrase');
  if (checkpointDue(d, before)) return scheduleCheckpoint(d, 'end_round');
  endRound(d);
}
