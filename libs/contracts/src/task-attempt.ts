import { z } from 'zod';
import { engineTypeSchema } from './engine-type.js';
import { runEventSchema } from './run-event.js';
import type { EngineTask } from './engine-task.js';

/**
 * The lifecycle of an engine task, one record per step: `queued` when the orchestrator publishes it,
 * `processing` when a worker starts a delivery, `completed` or `failed` when that delivery ends,
 * `dead_letter` when it is given up. Records travel on the TASK_ATTEMPTS stream
 * (`<ns>.attempt.<run>`) and are stored by persistence; an event produced from a task shows them as
 * `processed_by_engines`.
 */
export const TASK_ATTEMPT_STATUSES = ['queued', 'processing', 'completed', 'failed', 'dead_letter'] as const;
export const taskAttemptStatusSchema = z.enum(TASK_ATTEMPT_STATUSES);
export type TaskAttemptStatus = z.infer<typeof taskAttemptStatusSchema>;

export const taskAttemptRecordSchema = z.object({
  run_id: z.string().uuid(),
  task_seq: z.number().int().min(1),
  /** `${run_id}:${task_seq}` (the task's own id). */
  task_id: z.string().min(1),
  /** The worker instance; null while the task is only queued. */
  engine_id: z.string().nullable(),
  engine_type: engineTypeSchema,
  status: taskAttemptStatusSchema,
  /** JetStream delivery count of the attempt (1 = first); 0 for `queued`. */
  delivery: z.number().int().min(0),
  error: z.string().max(2000).nullable(),
  at: z.string(),
});
export type TaskAttemptRecord = z.infer<typeof taskAttemptRecordSchema>;

/** The record of a task being published to its engine's queue. */
export const queuedAttemptOf = (task: Pick<EngineTask, 'run_id' | 'seq' | 'task_id' | 'engine_type'>, at: string): TaskAttemptRecord => ({
  run_id: task.run_id,
  task_seq: task.seq,
  task_id: task.task_id,
  engine_id: null,
  engine_type: task.engine_type,
  status: 'queued',
  delivery: 0,
  error: null,
  at,
});

/** One record per task, delivery and status: a repeated publish is dropped by the broker and by Postgres. */
export const taskAttemptMsgId = (r: Pick<TaskAttemptRecord, 'task_id' | 'delivery' | 'status'>): string => `${r.task_id}:${r.delivery}:${r.status}`;

/** An attempt as an event shows it. retry_count = delivery - 1 (0 for the first delivery and for `queued`). */
export const processedByEngineSchema = z.object({
  engine_id: z.string().nullable(),
  engine_type: engineTypeSchema,
  status: taskAttemptStatusSchema,
  timestamp: z.string(),
  retry_count: z.number().int().min(0),
  error: z.string().nullable(),
});
export type ProcessedByEngine = z.infer<typeof processedByEngineSchema>;

export const processedByEngineOf = (r: TaskAttemptRecord): ProcessedByEngine => ({
  engine_id: r.engine_id,
  engine_type: r.engine_type,
  status: r.status,
  timestamp: r.at,
  retry_count: Math.max(0, r.delivery - 1),
  error: r.error,
});

/** GET /api/v1/runs/{id}/events/{eventId}: the event with the attempts of the task that produced it (empty for other events). */
export const eventWithAttemptsSchema = runEventSchema.extend({
  processed_by_engines: z.array(processedByEngineSchema),
});
export type EventWithAttempts = z.infer<typeof eventWithAttemptsSchema>;

/** Request of the `events.get` query; event_id is the event's id (`${run_id}:${seq}`) or its seq. */
export const getEventRequestSchema = z.object({
  run_id: z.string().uuid(),
  event_id: z.string().min(1).max(200),
});
