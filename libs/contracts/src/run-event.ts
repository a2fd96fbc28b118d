import { z } from 'zod';
import { actorActionSchema, metricValueSchema } from './turn-outputs.js';
import { endReasonSchema } from './run-status.js';
import { engineTypeSchema } from './engine-type.js';
import { eventUsageSchema } from './orchestrator-input.js';
import { turnPolicySchema } from './scenario-template.js';

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
] as const;
export const runEventTypeSchema = z.enum(RUN_EVENT_TYPES);
export type RunEventType = z.infer<typeof runEventTypeSchema>;

export const TERMINAL_EVENT_TYPES: readonly RunEventType[] = ['run.completed', 'run.failed', 'run.stopped'];

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
} satisfies Record<RunEventType, z.ZodType>;

export type RunEventPayload<T extends RunEventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

/** The envelope of every event in a run's log. id = `${run_id}:${seq}`; seq is gap-free per run. */
export const runEventSchema = z.object({
  id: z.string(),
  run_id: z.string().uuid(),
  seq: z.number().int().min(1),
  type: runEventTypeSchema,
  at: z.string(),
  agent_id: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type RunEvent = z.infer<typeof runEventSchema>;

export const eventIdOf = (runId: string, seq: number): string => `${runId}:${seq}`;
