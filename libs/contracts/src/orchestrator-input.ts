import { z } from 'zod';
import { runSpecSchema } from './run-spec.js';
import { injectionSchema } from './run-control.js';

export const taskUsageSchema = z.object({
  provider: z.string(),
  model: z.string(),
  tokens_in: z.number().int().min(0),
  tokens_out: z.number().int().min(0),
  latency_ms: z.number().min(0),
  cached: z.boolean(),
});
export type TaskUsage = z.infer<typeof taskUsageSchema>;

/**
 * Usage as the event log records it: without the measured latency and without whether the cache
 * answered, so a run and its replay (answered from the cache) give the same events. Both are kept in
 * the LLM call records.
 */
export const eventUsageSchema = taskUsageSchema.omit({ latency_ms: true, cached: true });
export type EventUsage = z.infer<typeof eventUsageSchema>;
export const eventUsageOf = (u: TaskUsage): EventUsage => ({ provider: u.provider, model: u.model, tokens_in: u.tokens_in, tokens_out: u.tokens_out });

/**
 * Everything the orchestrator reacts to arrives on the CMD stream as one of these inputs:
 * commands from the gateway (start, stop, pause, resume, inject), facts from engines (task_result,
 * task_failed) and timers. `request_id` / `injection_id` are minted by the gateway per request: a run
 * may be paused and resumed many times, and each request is applied once.
 */
export const orchestratorInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start'), run_id: z.string().uuid(), spec: runSpecSchema }),
  z.object({ kind: z.literal('stop'), run_id: z.string().uuid(), reason: z.string().max(500).default('stopped by user') }),
  /** deadline_at: the deadline the timer was armed for (a resumed run's deadline moves, and so does its timer). */
  z.object({ kind: z.literal('timeout'), run_id: z.string().uuid(), deadline_at: z.number().int().optional() }),
  z.object({
    kind: z.literal('task_result'),
    run_id: z.string().uuid(),
    seq: z.number().int().min(1),
    engine_id: z.string(),
    output: z.unknown(),
    usage: taskUsageSchema.nullable(),
  }),
  z.object({
    kind: z.literal('task_failed'),
    run_id: z.string().uuid(),
    seq: z.number().int().min(1),
    engine_id: z.string(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
  z.object({ kind: z.literal('pause'), run_id: z.string().uuid(), request_id: z.string().uuid(), reason: z.string().max(500).default('paused by user') }),
  z.object({ kind: z.literal('resume'), run_id: z.string().uuid(), request_id: z.string().uuid() }),
  z.object({ kind: z.literal('inject'), run_id: z.string().uuid(), injection_id: z.string().uuid(), injection: injectionSchema }),
]);
export type OrchestratorInput = z.infer<typeof orchestratorInputSchema>;
export type OrchestratorInputKind = OrchestratorInput['kind'];

/** Deterministic message ids make every publish safe to repeat (JetStream dedupes them). */
export const inputMsgId = (i: OrchestratorInput): string => {
  switch (i.kind) {
    case 'task_result':
      return `${i.run_id}:r${i.seq}`;
    // Apart from the result's id: a task that was dead-lettered (the run told) and later requeued
    // must still be able to deliver its result inside the duplicate window.
    case 'task_failed':
      return `${i.run_id}:f${i.seq}`;
    case 'pause':
    case 'resume':
      return `${i.run_id}:${i.kind}:${i.request_id}`;
    case 'inject':
      return `${i.run_id}:inject:${i.injection_id}`;
    case 'timeout':
      return i.deadline_at === undefined ? `${i.run_id}:timeout` : `${i.run_id}:timeout:${i.deadline_at}`;
    default:
      return `${i.run_id}:${i.kind}`;
  }
};
