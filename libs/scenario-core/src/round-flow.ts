import type { Draft } from './draft.js';
import { endsWhenNarratorConcludes } from './completion.js';
import { wrapUp } from './run-lifecycle.js';

const activeActors = (d: Draft) => d.roster.actors.filter((a) => !d.state.done_agents.includes(a.id)).map((a) => a.id);

/** Starts the next round, or wraps up when no turn is left or no actor is left. */
export function beginRound(d: Draft): void {
  const s = d.state;
  const max = d.spec.scenario.max_turns;
  if (s.turns >= max) return wrapUp(d, 'max_turns');
  const active = activeActors(d);
  if (active.length === 0) return wrapUp(d, 'all_actors_done');
  if (d.spec.scenario.turn_policy === 'simultaneous') {
    if (s.turns + active.length > max) return wrapUp(d, 'max_turns');
    s.round++;
    s.phase = 'acting';
    for (const id of active) d.schedule('actor.turn', id);
    return;
  }
  s.round++;
  s.phase = 'acting';
  s.round_queue = active;
  nextInRound(d);
}

/** Round robin: the next actor of this round acts; a complete round ends (and is resolved) even when it used the last turn. */
export function nextInRound(d: Draft): void {
  const s = d.state;
  if (s.round_queue.length === 0) return endRound(d);
  if (s.turns >= d.spec.scenario.max_turns) return wrapUp(d, 'max_turns');
  const next = s.round_queue.shift()!;
  s.phase = 'acting';
  d.schedule('actor.turn', next);
}

/** After every actor of the round has acted: the narrator resolves the round, or the next begins. */
export function endRound(d: Draft): void {
  const s = d.state;
  const allDone = activeActors(d).length === 0;
  if (allDone && d.spec.scenario.completion_conditions.some((c) => c.type === 'all_actors_done')) {
    return wrapUp(d, 'all_actors_done');
  }
  const narrator = d.roster.narrator;
  if (narrator) {
    s.phase = 'resolving';
    d.schedule('round.resolve', narrator.id);
    return;
  }
  beginRound(d);
}

/** The narrator resolved the round: conclude, or go on. */
export function afterResolution(d: Draft, concluded: boolean): void {
  if (concluded && endsWhenNarratorConcludes(d.spec)) return wrapUp(d, 'narrator_concluded');
  beginRound(d);
}
