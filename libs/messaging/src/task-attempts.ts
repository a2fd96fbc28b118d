import { taskAttemptMsgId, type BrokerNames, type TaskAttemptRecord } from '@scrai/contracts';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { publishJson } from './publish-json.js';

/**
 * Records one step of an engine task's lifecycle on the TASK_ATTEMPTS stream (`<ns>.attempt.<run>`):
 * the orchestrator when it queues a task, a worker when a delivery starts and ends, whoever
 * dead-letters it. The msgID `<task_id>:<delivery>:<status>` makes a repeat a no-op. Callers treat
 * it as best effort: a lost record never fails a task.
 */
export function publishTaskAttempt(js: JetStreamClient, names: BrokerNames, record: TaskAttemptRecord, traceparent?: string): Promise<PubAck> {
  return publishJson(js, names.subjects.attempt(record.run_id), record, { msgID: taskAttemptMsgId(record), traceparent });
}
