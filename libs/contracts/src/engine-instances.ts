import { z } from 'zod';
import {
  engineCapabilitiesSchema,
  engineInstanceStatusSchema,
  engineLimitsSchema,
  engineLoadSchema,
} from './engine-registration.js';
import { engineTypeSchema } from './engine-type.js';

const count = z.number().int().min(0);

/** An engine instance as the API shows it: its last registration plus what the watcher decided. */
export const engineInstanceRecordSchema = z.object({
  id: z.string(),
  engine_type: engineTypeSchema,
  status: engineInstanceStatusSchema,
  version: z.string(),
  capabilities: engineCapabilitiesSchema,
  limits: engineLimitsSchema,
  heartbeat_ms: z.number().int().nullable(),
  load: engineLoadSchema,
  processed: count,
  failed: count,
  last_error: z.string().nullable(),
  /** The worker's own clock. */
  started_at: z.string(),
  last_heartbeat_at: z.string(),
  /** When the persistence service first saw the instance. */
  first_seen_at: z.string().nullable(),
  status_changed_at: z.string().nullable(),
  /** When it stopped (graceful) or was declared gone. */
  stopped_at: z.string().nullable(),
});
export type EngineInstanceRecord = z.infer<typeof engineInstanceRecordSchema>;

/** Instances per status of one engine type (gone: declared gone within the health window). */
export const engineStatusCountsSchema = z.object({ healthy: count, degraded: count, gone: count, stopped: count });
export type EngineStatusCounts = z.infer<typeof engineStatusCountsSchema>;

/** The depth of one engine type's task queue, from its durable consumer. */
export const queueDepthSchema = z.object({
  /** Tasks waiting for a worker. */
  pending: count,
  /** Tasks held by a worker and not yet acked. */
  in_flight: count,
  /** Tasks currently being delivered again (a worker died, hung or nak'ed them). */
  redelivered: count,
});
export type QueueDepth = z.infer<typeof queueDepthSchema>;

/** GET /api/v1/events/queue/{engine_type}. */
export const queueStatsSchema = queueDepthSchema.extend({
  engine_type: engineTypeSchema,
  stream: z.string(),
  consumer: z.string(),
  /** Pull requests waiting for a task (idle worker slots). */
  waiting: count,
  ack_wait_ms: count,
  max_deliver: z.number().int(),
  max_ack_pending: z.number().int(),
  /** Backoff schedule of redeliveries, when the consumer has one. */
  backoff_ms: z.array(count),
});
export type QueueStats = z.infer<typeof queueStatsSchema>;

export const ENGINE_TYPE_HEALTH = ['healthy', 'degraded', 'critical'] as const;
export const engineTypeHealthSchema = z.enum(ENGINE_TYPE_HEALTH);
export type EngineTypeHealth = z.infer<typeof engineTypeHealthSchema>;

/** GET /api/v1/engine-instances/health. */
export const engineHealthReportSchema = z.object({
  engines: z.record(
    engineTypeSchema,
    z.object({ healthy: count, degraded: count, gone: count, status: engineTypeHealthSchema, backlog: z.enum(['small', 'growing']) }),
  ),
  queues: z.record(engineTypeSchema, queueDepthSchema),
});
export type EngineHealthReport = z.infer<typeof engineHealthReportSchema>;
