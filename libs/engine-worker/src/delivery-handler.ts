import type { EngineTask } from '@scrai/contracts';
import { errorMessage } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import type { TaskCallOptions, TaskHandler, TaskOutcome } from './task-handler.js';

export interface DeliveryHandlerOptions {
  handleTask: TaskHandler;
  publish(outcome: TaskOutcome, traceparent: string | undefined): Promise<void>;
  /** The consumer's max_deliver. */
  maxDeliver: number;
  engineId: string;
}

export interface Delivery {
  deliveryCount: number;
  traceparent: string | undefined;
  /** Bound to the task's run id and trace id. */
  log?: Logger;
}

/**
 * One delivery of a task: handle it and publish the outcome (the work loop acks afterwards). A
 * failure is rethrown so the work loop naks it, except on the last allowed delivery: then the
 * orchestrator is told `task_failed` with code `retries_exhausted` (instead of waiting for a result
 * that will never come) and the task is acked.
 */
export function createDeliveryHandler(o: DeliveryHandlerOptions): (task: EngineTask, d: Delivery) => Promise<void> {
  return async (task, d) => {
    const call: TaskCallOptions = { traceparent: d.traceparent };
    let outcome: TaskOutcome;
    try {
      outcome = await o.handleTask(task, call);
    } catch (e) {
      if (d.deliveryCount < o.maxDeliver) throw e;
      outcome = {
        kind: 'task_failed',
        run_id: task.run_id,
        seq: task.seq,
        engine_id: o.engineId,
        error: { code: 'retries_exhausted', message: `${errorMessage(e)} (delivery ${d.deliveryCount} of ${o.maxDeliver})` },
      };
    }
    await o.publish(outcome, d.traceparent);
    if (outcome.kind === 'task_failed') d.log?.warn({ task_id: task.task_id, kind: task.kind, agent_id: task.agent.id, error: outcome.error }, 'task failed');
    else d.log?.debug({ task_id: task.task_id, kind: task.kind, agent_id: task.agent.id, delivery: d.deliveryCount }, 'task done');
  };
}
