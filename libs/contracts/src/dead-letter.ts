import { z } from 'zod';
import { engineTypeSchema } from './engine-type.js';

/**
 * A message in the dead-letter stream, as the REST API shows it. `id` is its sequence in the DLQ
 * stream. Reasons: `max_deliveries` (a retryable failure on its last allowed delivery, or the broker
 * gave up after the consumer's max_deliver), `undecodable` (not JSON or not the expected shape),
 * `permanent:<code>` (a failure that no retry can fix, e.g. `permanent:invalid_output`).
 */
export const deadLetterSchema = z.object({
  id: z.number().int().min(1),
  /** Its subject in the DLQ stream: `<ns>.dlq.<consumer>.<run id>`. */
  subject: z.string(),
  reason: z.string(),
  error: z.string(),
  deliveries: z.number().int().nullable(),
  /** Where it came from; a requeue republishes it there. */
  original_subject: z.string().nullable(),
  original_stream: z.string().nullable(),
  original_seq: z.number().int().nullable(),
  original_msg_id: z.string().nullable(),
  consumer: z.string().nullable(),
  /** The engine type whose consumer gave it up (null for other consumers). */
  engine_type: engineTypeSchema.nullable(),
  run_id: z.string().nullable(),
  /** The task's number in its run, when the payload is a readable task. */
  task_seq: z.number().int().nullable(),
  failed_at: z.string().nullable(),
  /** The worker (or the dead-letter mover) that dead-lettered it. */
  worker_id: z.string().nullable(),
  /** Times this message was requeued before (it came back each time). */
  requeue_count: z.number().int().min(0),
  /** When the DLQ stream stored it. */
  stored_at: z.string(),
  size_bytes: z.number().int().min(0),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** One dead letter with its headers and payload (GET /api/v1/dead-letters/{id}). */
export const deadLetterDetailSchema = deadLetterSchema.extend({
  headers: z.record(z.string(), z.string()),
  /** The payload parsed as JSON; null when it is not JSON (see payload_text). */
  payload: z.unknown(),
  /** The payload as UTF-8 text. */
  payload_text: z.string(),
});
export type DeadLetterDetail = z.infer<typeof deadLetterDetailSchema>;

export const deadLetterPageSchema = z.object({
  items: z.array(deadLetterSchema),
  /** Pass as after_id for the next page; null when the stream has no further match. */
  next_after_id: z.number().int().nullable(),
});
export type DeadLetterPage = z.infer<typeof deadLetterPageSchema>;

/** Query of GET /api/v1/dead-letters. `reason` matches exactly or as a prefix before ":" (`permanent`). */
export const listDeadLettersQuerySchema = z.strictObject({
  engine_type: engineTypeSchema.optional(),
  run_id: z.string().regex(/^[\w-]{1,100}$/, 'use a run id').optional(),
  reason: z.string().min(1).max(200).optional(),
  after_id: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type ListDeadLettersQuery = z.infer<typeof listDeadLettersQuerySchema>;

/** Query of POST /api/v1/dead-letters/{id}/requeue. */
export const requeueDeadLetterQuerySchema = z.strictObject({
  /** Requeue even though the task's run has already ended (its result will be ignored). */
  force: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/** Answer of a requeue (202): the message is back on its original subject under a fresh msgID. */
export const requeuedDeadLetterSchema = z.object({
  id: z.number().int(),
  requeued_to: z.string(),
  msg_id: z.string(),
});
export type RequeuedDeadLetter = z.infer<typeof requeuedDeadLetterSchema>;
