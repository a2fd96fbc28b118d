import type { EngineTask } from '@scrai/contracts';
import { PermanentError, errorMessage } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import type { TaskCallOptions, TaskHandler, TaskOutcome } from './task-handler.js';
import type { AttemptRecorder } from './task-attempts.js';

export interface DeliveryHandlerOptions {
  handleTask: TaskHandler;
  publish(outcome: TaskOutcome, traceparent: string | undefined): Promise<void>;
  engineId: string;
  /** Records the delivery's steps (processing, then completed or failed); best effort, never throws. */
  recordAttempt?: AttemptRecorder;
}

export interface Delivery {
  deliveryCount: number;
  /** The task kind's retry policy allows no retry after this delivery (the work loop dead-letters a failure). */
  finalDelivery: boolean;
  traceparent: string | undefined;
  /** Bound to the task's run id and trace id. */
  log?: Logger;
}

/**
 * One delivery of a task: handle it and publish the outcome (the work loop acks afterwards).
 *
 * A task that cannot be done is dead-lettered (kept for requeue) and its run is told, so it does
 * not wait for a result that will never come: the `task_failed` input is published here, then the
 * error is thrown for the work loop, which copies the task to the DLQ and term()s it.
 * - a permanent failure (the handler's `task_failed` outcome, e.g. `invalid_output`, or a thrown
 *   PermanentError): the run is told with that code; DLQ reason `permanent:<code>`;
 * - a retryable failure before the final delivery: rethrown, nothing published (nak with delay);
 * - a retryable failure on the final delivery: the run is told with code `dead_letter`; DLQ reason
 *   `max_deliveries`.
 * A worker that dies on the final delivery tells nobody: the broker's max-deliveries advisory does
 * (the dead-letter mover in the orchestrator).
 */
export function createDeliveryHandler(o: DeliveryHandlerOptions): (task: EngineTask, d: Delivery) => Promise<void> {
  const failed = (task: EngineTask, code: string, message: string): TaskOutcome => ({
    kind: 'task_failed',
    run_id: task.run_id,
    seq: task.seq,
    engine_id: o.engineId,
    error: { code, message },
  });
  const logOf = (task: EngineTask) => ({ task_id: task.task_id, kind: task.kind, agent_id: task.agent.id });

  return async (task, d) => {
    const call: TaskCallOptions = { traceparent: d.traceparent, deliveryCount: d.deliveryCount };
    const record = (status: 'processing' | 'completed' | 'failed', error: string | null) =>
      o.recordAttempt?.(task, d.deliveryCount, status, error, d.traceparent) ?? Promise.resolve();
    // Not awaited: the record is best effort and must not put a broker round trip before the LLM call.
    // Publishes on one connection keep their order, so it still lands before this delivery's outcome record.
    const processing = record('processing', null);
    let outcome: TaskOutcome;
    try {
      outcome = await o.handleTask(task, call);
    } catch (e) {
      await processing;
      await record('failed', errorMessage(e));
      if (e instanceof PermanentError) {
        await o.publish(failed(task, e.code, e.message), d.traceparent);
      } else if (d.finalDelivery) {
        await o.publish(failed(task, 'dead_letter', `max_deliveries: ${errorMessage(e)} (delivery ${d.deliveryCount})`), d.traceparent);
      }
      if (e instanceof PermanentError || d.finalDelivery) d.log?.warn({ ...logOf(task), delivery: d.deliveryCount, err: errorMessage(e) }, 'task failed; dead-lettering it');
      throw e;
    }
    await o.publish(outcome, d.traceparent);
    await processing;
    await record(outcome.kind === 'task_failed' ? 'failed' : 'completed', outcome.kind === 'task_failed' ? `${outcome.error.code}: ${outcome.error.message}` : null);
    if (outcome.kind === 'task_failed') {
      d.log?.warn({ ...logOf(task), error: outcome.error }, 'task failed; dead-lettering it');
      throw new PermanentError(outcome.error.message, outcome.error.code);
    }
    d.log?.debug({ ...logOf(task), delivery: d.deliveryCount }, 'task done');
  };
}
