import type { EngineTask, LlmHints } from '@scrai/contracts';
import { speakerOf } from './render-context.js';

/**
 * Labels for the llm-gateway (usage records) and for the deterministic mock provider, which speaks in
 * the persona's voice from them (participants: the other actors, whom a turn may address). Real
 * providers never see hints.
 *
 * `turn` is the turn the task is about: for `actor.turn` the turn being taken (1-based), for the
 * other kinds the number of actor turns taken so far.
 */
export function hintsOf(task: EngineTask): LlmHints {
  const p = task.agent.persona;
  const last = task.transcript.at(-1);
  const hints: LlmHints = {
    task_kind: task.kind,
    agent_id: task.agent.id,
    persona_role: p.role,
    goals: [...p.goals],
    traits: { ...p.traits },
    participants: task.participants.filter((x) => x.id !== task.agent.id && x.engine_type === 'actor').map((x) => x.id),
    round: task.round,
    max_rounds: task.max_rounds,
    turn: task.kind === 'actor.turn' ? task.turn + 1 : task.turn,
    max_turns: task.max_turns,
    situation: task.scenario.opening_situation,
  };
  if (last) {
    hints.last_line = last.text;
    hints.last_speaker = speakerOf(last);
  }
  return hints;
}
