import type { ChatMessage, EngineTask, OrchestratorInput, TaskUsage } from '@scrai/contracts';
import { RetryableError } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import { allowedActionsOf, parseTaskOutput, promptFor, repairMessages } from '@scrai/scenario-core';
import type { LlmClient } from './llm-client.js';
import { llmRequestOf } from './llm-request-of.js';
import { addUsage } from './task-usage.js';

export type TaskOutcome = Extract<OrchestratorInput, { kind: 'task_result' | 'task_failed' }>;

export interface TaskHandlerOptions {
  llm: LlmClient;
  /** Recorded as engine_id on every outcome. */
  engineId: string;
  /** Re-asks after an unusable answer (invalid JSON or schema); default 2, so at most 3 calls. */
  maxRepairs?: number;
  log?: Logger;
}

export interface TaskCallOptions {
  traceparent?: string;
  /** Which delivery of the task this is (1 = first). */
  deliveryCount?: number;
}

export type TaskHandler = (task: EngineTask, o?: TaskCallOptions) => Promise<TaskOutcome>;

/**
 * Turns one task into one outcome for the orchestrator. The only owner of retries for bad model
 * output: an unusable answer is re-asked with the reason appended, at most maxRepairs times, then
 * the task fails with `invalid_output`. A retryable LLM error throws RetryableError (the work loop
 * naks the task with its delay); a permanent one becomes `task_failed` with the provider's code.
 */
export function createTaskHandler(o: TaskHandlerOptions): TaskHandler {
  const maxRepairs = o.maxRepairs ?? 2;
  const failed = (task: EngineTask, code: string, message: string): TaskOutcome => ({
    kind: 'task_failed',
    run_id: task.run_id,
    seq: task.seq,
    engine_id: o.engineId,
    error: { code, message },
  });

  return async (task, c = {}) => {
    const prompt = promptFor(task);
    let messages: ChatMessage[] = prompt.messages;
    let usage: TaskUsage | null = null;
    let reason = '';
    for (let attempt = 1; attempt <= maxRepairs + 1; attempt++) {
      const reply = await o.llm.generate(llmRequestOf(task, prompt, messages, attempt, c.deliveryCount ?? 1), { traceparent: c.traceparent });
      if (!reply.ok) {
        const e = reply.error;
        if (e.retryable) throw new RetryableError(`llm ${e.code}: ${e.message}`, e.code, e.retry_after_ms);
        return failed(task, e.code, e.message);
      }
      const r = reply.result;
      usage = addUsage(usage, r);
      const parsed = parseTaskOutput(task.kind, r.object ?? r.text, allowedActionsOf(task));
      if (parsed.ok) {
        return { kind: 'task_result', run_id: task.run_id, seq: task.seq, engine_id: o.engineId, output: parsed.output, usage };
      }
      reason = parsed.reason;
      o.log?.warn({ run_id: task.run_id, task_id: task.task_id, attempt, reason }, 'unusable model answer');
      const said = r.text || (r.object === undefined ? '' : JSON.stringify(r.object));
      messages = [...messages, ...repairMessages(said, reason)];
    }
    return failed(task, 'invalid_output', `no usable answer after ${maxRepairs + 1} attempts: ${reason}`);
  };
}
