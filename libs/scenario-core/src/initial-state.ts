import type { DecideContext, Decision, RunState } from './run-state.js';
import { eventIdOf, isoTime } from '@scrai/contracts';

export function emptyState(runId: string, seed: number, now: number, timeoutSeconds: number): RunState {
  return {
    v: 1,
    run_id: runId,
    status: 'running',
    phase: 'opening',
    seed,
    round: 0,
    turns: 0,
    next_event_seq: 1,
    next_task_seq: 1,
    pending: {},
    buffered: {},
    round_queue: [],
    resume_after_checkpoint: null,
    done_agents: [],
    turns_by_agent: {},
    actions: {},
    last_checkpoint_turn: 0,
    window: [],
    end_reason: null,
    error: null,
    started_at: now,
    deadline_at: now + timeoutSeconds * 1000,
  };
}

/** A stop that overtook its start: the run ends stopped and the late start changes nothing. */
export function stoppedBeforeStart(runId: string, reason: string, ctx: DecideContext): Decision {
  const state = { ...emptyState(runId, 0, ctx.now, 0), status: 'stopped' as const, phase: 'done' as const, end_reason: 'stopped' as const, next_event_seq: 2 };
  return {
    state,
    changed: true,
    commands: [
      {
        type: 'emit',
        event: {
          id: eventIdOf(runId, 1),
          run_id: runId,
          seq: 1,
          type: 'run.stopped',
          at: isoTime(ctx.now),
          agent_id: null,
          payload: { reason, turns: 0, rounds: 0 },
        },
      },
    ],
  };
}
