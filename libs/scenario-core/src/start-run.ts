import { isoTime, type RunSpec } from '@scrai/contracts';
import type { DecideContext, Decision } from './run-state.js';
import { Draft } from './draft.js';
import { emptyState } from './initial-state.js';
import { appendToWindow } from './transcript-window.js';
import { beginRound } from './round-flow.js';

/** A run starts: run.started, then the narrator opens the scene (or the situation stands as the opening). */
export function startRun(spec: RunSpec, ctx: DecideContext): Decision {
  const state = emptyState(spec.run_id, spec.seed, ctx.now, spec.scenario.timeout_seconds);
  const d = new Draft(state, spec, ctx.now);
  d.emit('run.started', null, {
    scenario_name: spec.scenario.name,
    turn_policy: spec.scenario.turn_policy,
    max_turns: spec.scenario.max_turns,
    timeout_seconds: spec.scenario.timeout_seconds,
    deadline_at: isoTime(state.deadline_at),
    seed: spec.seed,
    agents: spec.agents.map((a) => ({ id: a.id, engine_type: a.engine_type, template_name: a.template_name, role: a.persona.role })),
  });
  appendToWindow(state, { seq: 0, agent_id: null, kind: 'situation', text: spec.scenario.opening_situation }, spec.scenario.context_window);
  const narrator = d.roster.narrator;
  if (narrator) {
    state.phase = 'opening';
    d.schedule('scene.open', narrator.id);
  } else {
    beginRound(d);
  }
  return { state, commands: d.commands, changed: true };
}
