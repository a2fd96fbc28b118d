import { z } from 'zod';

/**
 * What a run does when one of its tasks is dead-lettered (it failed permanently or used up its
 * deliveries), set per scenario (`on_task_failure`):
 * - `fail` (default): the run fails with the reason;
 * - `skip_turn`: the task is dropped and the run goes on; the agent's turn is recorded as
 *   `turn.skipped` (a narrator's or analyst's task continues as if it had produced nothing);
 * - `fallback_line`: an actor's turn is recorded with `fallback_line` (action speak, `fallback: true`);
 *   other tasks are skipped as with `skip_turn`;
 * - `wait`: the run keeps waiting for the task (until its timeout): requeueing the dead letter once the
 *   fault is fixed (POST /api/v1/dead-letters/{id}/requeue) lets it continue.
 */
export const TASK_FAILURE_POLICIES = ['fail', 'skip_turn', 'fallback_line', 'wait'] as const;
export const taskFailurePolicySchema = z.enum(TASK_FAILURE_POLICIES);
export type TaskFailurePolicy = z.infer<typeof taskFailurePolicySchema>;

export const DEFAULT_TASK_FAILURE_POLICY: TaskFailurePolicy = 'fail';
export const DEFAULT_FALLBACK_LINE = '(remains silent)';

export const fallbackLineSchema = z.string().trim().min(1).max(2000);
