import { z } from 'zod';
import { runSpecSchema } from './run-spec.js';

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
 * Usage as the event log records it: without the measured latency, so the same run replayed gives
 * the same events (latencies are kept in the LLM call records).
 */
export const eventUsageSchema = taskUsageSchema.omit({ latency_ms: true });
export type EventUsage = z.infer<typeof eventUsageSchema>;
export const eventUsageOf = (u: TaskUsage): EventUsage => ({ provider: u.provider, model: u.model, tokens_in: u.tokens_in, tokens_out: u.tokens_out, cached: u.cached });

/**
 * Everything the orchestrator reacts to arrives on the CMD stream as one of these inputs:
 * commands from the gateway (start, stop), facts from engines (task_result, task_failed) and timers.
 */
export const orchestratorInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start'), run_id: z.string().uuid(), spec: runSpecSchema }),
  z.object({ kind: z.literal('stop'), run_id: z.string().uuid(), reason: z.string().max(500).default('stopped by user') }),
  z.object({ kind: z.literal('timeout'), run_id: z.string().uuid() }),
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
]);
export type OrchestratorInput = z.infer<typeof orchestratorInputSchema>;
export type OrchestratorInputKind = OrchestratorInput['kind'];

/** Deterministic message ids make every publish safe to repeat (JetStream dedupes them). */
export const inputMsgId = (i: OrchestratorInput): string => {
  switch (i.kind) {
    case 'task_result':
    case 'task_failed':
      return `${i.run_id}:r${i.seq}`;
    default:
      return `${i.run_id}:${i.kind}`;
  }
};
