import type { RunAgent, RunStats, TranscriptEntry } from '@scrai/contracts';
import type { RunState } from './run-state.js';

export const PRIVATE_THOUGHT = 'actor.think';

/** Keeps the last entries of the transcript in the state: enough for any agent's window. */
export function appendToWindow(state: RunState, entry: TranscriptEntry, contextWindow: number): void {
  state.window.push(entry);
  const keep = Math.max(contextWindow * 2, 40);
  if (state.window.length > keep) state.window.splice(0, state.window.length - keep);
}

/**
 * What one agent sees: thoughts are private to their author (and to the analyst, who observes all);
 * the last `size` visible entries, oldest first.
 */
export function visibleWindow(window: readonly TranscriptEntry[], viewer: RunAgent, size: number): TranscriptEntry[] {
  const seesAll = viewer.engine_type === 'analyst';
  const visible = window.filter((e) => seesAll || e.kind !== PRIVATE_THOUGHT || e.agent_id === viewer.id);
  return visible.slice(-size);
}

export function statsOf(state: RunState): RunStats {
  return {
    turns: state.turns,
    rounds: state.round,
    turns_by_agent: { ...state.turns_by_agent },
    actions: { ...state.actions },
    done_agents: [...state.done_agents],
  };
}
