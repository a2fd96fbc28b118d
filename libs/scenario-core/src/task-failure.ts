import { BUDGET_EXCEEDED, DEFAULT_FALLBACK_LINE, DEFAULT_TASK_FAILURE_POLICY, type ActorTurnOutput, type TaskFailurePolicy } from '@scrai/contracts';
import type { Draft } from './draft.js';
import type { PendingTask } from './run-state.js';
import { complete, exceedBudget, fail } from './run-lifecycle.js';
import { afterParallelTurn, afterSequentialTurn, completeParallelRound } from './actor-turns.js';
import { afterResolution, beginRound, endRound, nextInRound } from './round-flow.js';

export const taskFailurePolicyOf = (d: Draft): TaskFailurePolicy => d.spec.scenario.on_task_failure ?? DEFAULT_TASK_FAILURE_POLICY;

/**
 * A pending task was dead-lettered (`task_failed`: it failed permanently or used up its deliveries).
 * The scenario's `on_task_failure` says what the run does:
 * - `fail`: the run fails with `<code>: <message>`;
 * - `skip_turn`: the task is dropped and the run goes on; `turn.skipped` records it. An actor's
 *   skipped turn uses up its turn (it counts toward max_turns, so a run whose actors keep failing
 *   still ends); a narrator's or analyst's task continues as if it produced nothing;
 * - `fallback_line`: an actor's turn is recorded with the scenario's fallback line (action speak,
 *   `fallback: true`, no usage), in the round's order like any result; other tasks as `skip_turn`;
 * - `wait`: nothing changes; the run waits for the task (requeued from the DLQ) or its timeout.
 * Whatever the policy, a task refused by the run's LLM budget (code `budget_exceeded`) ends the run
 * with status `budget_exceeded`: every further call would be refused too.
 * Returns false when the run did not change.
 */
export function applyTaskFailure(d: Draft, taskSeq: number, task: PendingTask, error: { code: string; message: string }): boolean {
  const policy = taskFailurePolicyOf(d);
  const reason = `${error.code}: ${error.message}`;
  if (error.code === BUDGET_EXCEEDED) {
    exceedBudget(d, error.message);
    return true;
  }
  if (policy === 'wait') return false;
  if (policy === 'fail') {
    fail(d, reason);
    return true;
  }
  delete d.state.pending[String(taskSeq)];
  if (task.kind === 'actor.turn') {
    if (policy === 'fallback_line') recordFallback(d, taskSeq, task.agent_id);
    else skipActorTurn(d, taskSeq, task, reason);
    return true;
  }
  d.emit('turn.skipped', task.agent_id, { agent: task.agent_id, task: task.kind, reason, round: d.state.round }, taskSeq);
  continueWithoutResult(d, task);
  return true;
}

function recordFallback(d: Draft, taskSeq: number, agentId: string): void {
  const out: ActorTurnOutput = { action: 'speak', content: d.spec.scenario.fallback_line ?? DEFAULT_FALLBACK_LINE, target: null };
  if (d.spec.scenario.turn_policy === 'simultaneous') return afterParallelTurn(d, agentId, taskSeq, out, null, { fallback: true });
  afterSequentialTurn(d, agentId, taskSeq, out, null, { fallback: true });
}

/**
 * The turn is used up and recorded as skipped; the round goes on (a simultaneous round completes
 * once the others have answered).
 */
function skipActorTurn(d: Draft, taskSeq: number, task: PendingTask, reason: string): void {
  const s = d.state;
  s.turns++;
  d.emit('turn.skipped', task.agent_id, { agent: task.agent_id, task: task.kind, reason, round: s.round, turn: s.turns }, taskSeq);
  if (d.spec.scenario.turn_policy === 'simultaneous') return completeParallelRound(d);
  nextInRound(d);
}

/** A narrator's or analyst's task that produced nothing: the run goes where an empty result would take it. */
function continueWithoutResult(d: Draft, task: PendingTask): void {
  const s = d.state;
  switch (task.kind) {
    case 'scene.open':
      return beginRound(d); // the opening situation stands, as in a run without a narrator
    case 'round.resolve':
      return afterResolution(d, false);
    case 'analysis.checkpoint': {
      s.last_checkpoint_turn = s.turns;
      const resume = s.resume_after_checkpoint;
      s.resume_after_checkpoint = null;
      return resume === 'end_round' ? endRound(d) : nextInRound(d);
    }
    case 'analysis.report':
      return complete(d, s.end_reason ?? 'max_turns');
    case 'actor.turn':
      return;
  }
}
