import { inputMsgId, type BrokerNames } from '@scrai/contracts';
import { publishJson, type JetStreamClient } from '@scrai/messaging';
import type { TaskOutcome } from './task-handler.js';

/**
 * Hands a task's outcome to the orchestrator on the CMD stream. The msgID is derived from the run
 * and the task, so a task finished twice (redelivery after a crash) yields one input.
 */
export async function publishTaskOutcome(js: JetStreamClient, names: BrokerNames, outcome: TaskOutcome, traceparent?: string): Promise<void> {
  await publishJson(js, names.subjects.cmd(outcome.run_id, 'result'), outcome, { msgID: inputMsgId(outcome), traceparent });
}
