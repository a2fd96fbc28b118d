import type { RunAgent, RunSpec } from '@scrai/contracts';

/** Who plays what in a run, read from its spec. */
export interface Roster {
  actors: RunAgent[];
  narrator: RunAgent | null;
  analyst: RunAgent | null;
}

export function rosterOf(spec: RunSpec): Roster {
  return {
    actors: spec.agents.filter((a) => a.engine_type === 'actor'),
    narrator: spec.agents.find((a) => a.engine_type === 'narrator') ?? null,
    analyst: spec.agents.find((a) => a.engine_type === 'analyst') ?? null,
  };
}

/** Rounds a run can have at most: the bound agents are told about (of `maxTurns`, default the spec's). */
export function maxRoundsOf(spec: RunSpec, maxTurns = spec.scenario.max_turns): number {
  const n = Math.max(1, rosterOf(spec).actors.length);
  const t = maxTurns;
  return Math.max(1, spec.scenario.turn_policy === 'simultaneous' ? Math.floor(t / n) : Math.ceil(t / n));
}
