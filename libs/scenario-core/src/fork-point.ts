import type { AgentChanges, ForkChange, LlmChanges, RunAgent, RunSpec } from '@scrai/contracts';

/** What a task is built from: the agents, seed and max_turns in force where it comes in the run. */
export interface TaskSettings {
  agents: RunAgent[];
  seed: number;
  /** The max_turns the task is told (its prompt mentions it). */
  toldMaxTurns: number;
}

/**
 * The settings in force for a task that comes after `turnsBefore` actor turns: the spec's, with every
 * fork change whose `from_turn` is at most that applied in order (run-fork.ts). A run that is no fork
 * has the spec's settings throughout. A fork's tasks before its first change therefore equal its
 * source's, so their LLM requests (and cached answers) are the same.
 */
export function settingsAt(spec: RunSpec, runSeed: number, turnsBefore: number): TaskSettings {
  const fork = spec.fork;
  const base: TaskSettings = { agents: spec.agents, seed: runSeed, toldMaxTurns: fork?.original_max_turns ?? spec.scenario.max_turns };
  if (!fork) return base;
  return fork.changes.filter((c) => c.from_turn <= turnsBefore).reduce(applyChange, base);
}

function applyChange(s: TaskSettings, c: ForkChange): TaskSettings {
  return {
    agents: c.llm || c.agents ? s.agents.map((a) => changedAgent(a, c.llm, c.agents?.[a.id])) : s.agents,
    seed: c.seed ?? s.seed,
    toldMaxTurns: c.max_turns ?? s.toldMaxTurns,
  };
}

function changedAgent(a: RunAgent, forcedLlm: LlmChanges | undefined, own: AgentChanges | undefined): RunAgent {
  if (!forcedLlm && !own) return a;
  return {
    ...a,
    persona: own?.persona ? { ...a.persona, ...own.persona } : a.persona,
    llm: { ...a.llm, ...forcedLlm, ...own?.llm },
  };
}

/**
 * How many actor turns come before a task scheduled now. An actor's task in a simultaneous round
 * comes after the round-mates scheduled before it: a round's actors are scheduled in roster order
 * and their results recorded in that order (actor-turns.ts), so its turn is `turns + that many + 1`.
 */
export function turnsBeforeTask(spec: RunSpec, state: { turns: number; pending: Record<string, { kind: string }> }, kind: string): number {
  if (kind !== 'actor.turn' || spec.scenario.turn_policy !== 'simultaneous') return state.turns;
  return state.turns + Object.values(state.pending).filter((p) => p.kind === 'actor.turn').length;
}
