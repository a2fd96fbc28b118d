import type { BrokerNames, EngineTask, TaskAttemptStatus } from '@scrai/contracts';
import { errorMessage, publishTaskAttempt, type JetStreamClient } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';

/** The steps of a delivery a worker records; `queued` is the orchestrator's, `dead_letter` the dead-letterer's. */
export type WorkerAttemptStatus = Extract<TaskAttemptStatus, 'processing' | 'completed' | 'failed' | 'dead_letter'>;

/** Records one step of a delivery. Never throws: a record that cannot be published is logged and dropped. */
export type AttemptRecorder = (task: EngineTask, delivery: number, status: WorkerAttemptStatus, error: string | null, traceparent?: string) => Promise<void>;

export interface AttemptRecorderOptions {
  js: JetStreamClient;
  names: BrokerNames;
  engineId: string;
  log: Logger;
  clock?: () => Date;
}

/** Publishes the worker's attempt records to TASK_ATTEMPTS (best effort: they describe the work, they are not the work). */
export function createAttemptRecorder(o: AttemptRecorderOptions): AttemptRecorder {
  const clock = o.clock ?? (() => new Date());
  return async (task, delivery, status, error, traceparent) => {
    try {
      await publishTaskAttempt(
        o.js,
        o.names,
        {
          run_id: task.run_id,
          task_seq: task.seq,
          task_id: task.task_id,
          engine_id: o.engineId,
          engine_type: task.engine_type,
          status,
          delivery,
          error: error === null ? null : error.slice(0, 2000),
          at: clock().toISOString(),
        },
        traceparent,
      );
    } catch (e) {
      o.log.warn({ task_id: task.task_id, status, delivery, err: errorMessage(e) }, 'could not record a task attempt');
    }
  };
}
