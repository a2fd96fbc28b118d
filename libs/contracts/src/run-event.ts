import { z } from 'zod';
import { actorActionSchema, metricValueSchema } from './turn-outputs.js';
import { endReasonSchema } from './run-status.js';
import { engineTypeSchema } from './engine-type.js';
import { eventUsageSchema } from './orchestrator-input.js';
import { turnPolicySchema } from './scenario-template.js';
import { taskKindSchema } from './engine-task.js';
import { injectionKindSchema } from './run-control.js';

export const RUN_EVENT_TYPES = [
  'run.started',
  'scene.opened',
  'actor.turn',
  'round.resolved',
  'analysis.checkpoint',
  'analysis.report',
  'run.completed',
  'run.failed',
  'run.stopped',
  'run.budget_exceeded',
  'run.paused',
  'run.resumed',
  'run.injected',
  'turn.skipped',
] as const;
export const runEventTypeSchema = z.enum(RUN_EVENT_TYPES);
export type RunEventType = z.infer<typeof runEventTypeSchema>;

export const TERMINAL_EVENT_TYPES: readonly RunEventType[] = ['run.completed', 'run.failed', 'run.stopped', 'run.budget_exceeded'];

export const eventPayloadSchemas = {
  'run.started': z.object({
    scenario_name: z.string(),
    turn_policy: turnPolicySchema,
    max_turns: z.number().int(),
    timeout_seconds: z.number().int(),
    deadline_at: z.string(),
    seed: z.number().int(),
    agents: z.array(z.object({ id: z.string(), engine_type: engineTypeSchema, template_name: z.string(), role: z.string() })),
  }),
  'scene.opened': z.object({ narration: z.string(), round: z.number().int(), usage: eventUsageSchema.nullable() }),
  'actor.turn': z.object({
    turn: z.number().int(),
    round: z.number().int(),
    action: actorActionSchema,
    content: z.string(),
    target: z.string().nullable(),
    usage: eventUsageSchema.nullable(),
    /** Present (true) when the turn is the scenario's fallback_line standing in for a dead-lettered task. */
    fallback: z.literal(true).optional(),
  }),
  'round.resolved': z.object({
    round: z.number().int(),
    narration: z.string(),
    scene_concluded: z.boolean(),
    usage: eventUsageSchema.nullable(),
  }),
  'analysis.checkpoint': z.object({
    turn: z.number().int(),
    summary: z.string(),
    metrics: z.record(z.string(), metricValueSchema),
    usage: eventUsageSchema.nullable(),
  }),
  'analysis.report': z.object({
    turns: z.number().int(),
    report: z.string(),
    highlights: z.array(z.string()),
    metrics: z.record(z.string(), metricValueSchema),
    usage: eventUsageSchema.nullable(),
  }),
  'run.completed': z.object({ reason: endReasonSchema, turns: z.number().int(), rounds: z.number().int() }),
  'run.failed': z.object({ error: z.string(), turns: z.number().int(), rounds: z.number().int() }),
  'run.stopped': z.object({ reason: z.string(), turns: z.number().int(), rounds: z.number().int() }),
  /** The llm-gateway refused a call that would have crossed the scenario's budget; reason: its message. */
  'run.budget_exceeded': z.object({ reason: z.string(), turns: z.number().int(), rounds: z.number().int() }),
  'run.paused': z.object({ reason: z.string(), turns: z.number().int(), rounds: z.number().int() }),
  /** paused_ms: how long the run was paused; its deadline moved by as much (deadline_at: the new one). */
  'run.resumed': z.object({ paused_ms: z.number().int().min(0), deadline_at: z.string() }),
  'run.injected': z.object({
    injection_id: z.string(),
    kind: injectionKindSchema,
    content: z.string(),
    author: z.string(),
    target: z.string().nullable(),
  }),
  /**
   * A dead-lettered task the run went on without (on_task_failure skip_turn, or fallback_line for a
   * non-actor task). An actor's skipped turn uses up a turn: `turn` is its number.
   */
  'turn.skipped': z.object({ agent: z.string(), task: taskKindSchema, reason: z.string(), round: z.number().int(), turn: z.number().int().optional() }),
} satisfies Record<RunEventType, z.ZodType>;

export type RunEventPayload<T extends RunEventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

/**
 * The envelope of every event in a run's log. id = `${run_id}:${seq}`; seq is gap-free per run.
 * task_seq: the engine task whose result the event records (absent on events no task produced); its
 * processing attempts are kept apart (task-attempt.ts) and shown by GET /runs/{id}/events/{eventId}.
 */
export const runEventSchema = z.object({
  id: z.string(),
  run_id: z.string().uuid(),
  seq: z.number().int().min(1),
  type: runEventTypeSchema,
  at: z.string(),
  agent_id: z.string().nullable(),
  task_seq: z.number().int().min(1).nullable().optional(),
  payload: z.record(z.string(), z.unknown()),
});
export type RunEvent = z.infer<typeof runEventSchema>;

export const eventIdOf = (runId: string, seq: number): string => `${runId}:${seq}`;
