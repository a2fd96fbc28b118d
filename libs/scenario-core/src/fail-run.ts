import type { RunSpec } from '@scrai/contracts';
import type { DecideContext, Decision, RunState } from './run-state.js';
import { Draft } from './draft.js';
import { fail } from './run-lifecycle.js';

/**
 * Ends a running or paused run as failed for a reason outside the scenario, e.g. the orchestrator
 * cannot store the run's next state: status `failed` with `error`, nothing left pending, and the
 * `run.failed` event, exactly as a failure decide() reaches by itself. An ended run is unchanged.
 */
export function failRun(state: RunState, spec: RunSpec, error: string, ctx: DecideContext): Decision {
  if (state.status !== 'running' && state.status !== 'paused') return { state, commands: [], changed: false };
  const d = new Draft(structuredClone(state), spec, ctx.now);
  fail(d, error);
  return { state: d.state, commands: d.commands, changed: true };
}
