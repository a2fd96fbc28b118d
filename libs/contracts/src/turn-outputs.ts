import { z } from 'zod';

/** Structured answers the engines ask the model for. Each is also sent to the model as a JSON Schema. */
export const ACTOR_ACTIONS = ['speak', 'act', 'think', 'done'] as const;
export const actorActionSchema = z.enum(ACTOR_ACTIONS);
export type ActorAction = z.infer<typeof actorActionSchema>;

export const actorTurnOutputSchema = z.object({
  action: actorActionSchema,
  content: z.string().min(1).max(20000),
  target: z.string().max(200).nullable().optional(),
});
export type ActorTurnOutput = z.infer<typeof actorTurnOutputSchema>;

export const narrationOutputSchema = z.object({
  narration: z.string().min(1).max(20000),
  scene_concluded: z.boolean().default(false),
});
export type NarrationOutput = z.infer<typeof narrationOutputSchema>;

export const metricValueSchema = z.union([z.number(), z.string(), z.boolean()]);

export const checkpointOutputSchema = z.object({
  summary: z.string().min(1).max(20000),
  metrics: z.record(z.string(), metricValueSchema).default({}),
});
export type CheckpointOutput = z.infer<typeof checkpointOutputSchema>;

export const reportOutputSchema = z.object({
  report: z.string().min(1).max(50000),
  highlights: z.array(z.string().max(2000)).max(50).default([]),
  metrics: z.record(z.string(), metricValueSchema).default({}),
});
export type ReportOutput = z.infer<typeof reportOutputSchema>;
