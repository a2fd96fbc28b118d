import { z } from 'zod';
import { taskKindSchema, type TaskKind } from './engine-task.js';
import { engineTypeSchema, type EngineType } from './engine-type.js';
import { envInt } from './env-fragments.js';

/**
 * The engine registry: every engine worker keeps one record under `<engine_type>.<id>` in the KV
 * bucket `names.kv.engines` (bucket TTL), created at start, replaced on every heartbeat, deleted on a
 * graceful stop. The persistence service watches the bucket and records every instance in Postgres.
 */

/** What a worker says about itself; `gone` and `stopped` are decided by the watcher, never by the worker. */
export const ENGINE_LIVE_STATUSES = ['healthy', 'degraded'] as const;
export const engineLiveStatusSchema = z.enum(ENGINE_LIVE_STATUSES);
export type EngineLiveStatus = z.infer<typeof engineLiveStatusSchema>;

/** An instance's status as recorded: `gone` = stopped heartbeating, `stopped` = removed itself on a graceful stop. */
export const ENGINE_INSTANCE_STATUSES = ['healthy', 'degraded', 'gone', 'stopped'] as const;
export const engineInstanceStatusSchema = z.enum(ENGINE_INSTANCE_STATUSES);
export type EngineInstanceStatus = z.infer<typeof engineInstanceStatusSchema>;

/** The task kinds each engine type serves (a worker advertises its type's kinds as capabilities). */
export const ENGINE_TASK_KINDS: Readonly<Record<EngineType, readonly TaskKind[]>> = {
  actor: ['actor.turn'],
  narrator: ['scene.open', 'round.resolve'],
  analyst: ['analysis.checkpoint', 'analysis.report'],
};

const count = z.number().int().min(0);

export const engineCapabilitiesSchema = z.object({
  task_kinds: z.array(taskKindSchema),
  /** Tasks the worker handles at once. */
  max_concurrency: z.number().int().min(1),
});
export type EngineCapabilities = z.infer<typeof engineCapabilitiesSchema>;

export const engineLimitsSchema = z.object({
  /** Visibility timeout of a task held by the worker. */
  ack_wait_ms: z.number().int().min(1),
  /** Deliveries of a task before it is given up. */
  max_deliver: z.number().int().min(1),
});
export type EngineLimits = z.infer<typeof engineLimitsSchema>;

export const engineLoadSchema = z.object({ in_flight: count });
export type EngineLoad = z.infer<typeof engineLoadSchema>;

/** The value of an engine's key in the registry bucket (JSON). */
export const engineRegistrationSchema = z.object({
  id: z.string().min(1),
  engine_type: engineTypeSchema,
  version: z.string(),
  capabilities: engineCapabilitiesSchema,
  limits: engineLimitsSchema,
  /** How often the worker refreshes this record; a watcher gives up on it after 3 of these. */
  heartbeat_ms: z.number().int().min(1),
  started_at: z.string(),
  heartbeat_at: z.string(),
  load: engineLoadSchema,
  /** Deliveries settled by this worker since it started (acked: a result or a reported failure). */
  processed: count,
  /** Deliveries this worker could not finish (nak'ed for a retry or dead-lettered). */
  failed: count,
  last_error: z.string().nullable(),
  status: engineLiveStatusSchema,
});
export type EngineRegistration = z.infer<typeof engineRegistrationSchema>;

/** Heartbeats missed before a watcher declares an engine gone. */
export const MISSED_HEARTBEATS_GONE = 3;
export const DEFAULT_HEARTBEAT_MS = 5_000;
export const DEFAULT_ENGINE_TTL_MS = MISSED_HEARTBEATS_GONE * DEFAULT_HEARTBEAT_MS;

/** Environment of every service that opens the registry bucket (whoever opens it first creates it with its TTL). */
export const engineTtlEnvShape = {
  SCRAI_ENGINE_TTL_MS: envInt(DEFAULT_ENGINE_TTL_MS, 500, 3_600_000),
};

/** An instance id must be usable as KV key tokens (the default `<service>-<hex>` always is). */
export const ENGINE_INSTANCE_ID_PATTERN = /^[-/=\w]+(\.[-/=\w]+)*$/;

export function engineRegistryKey(engineType: EngineType, id: string): string {
  if (!ENGINE_INSTANCE_ID_PATTERN.test(id)) {
    throw new Error(`instance id "${id}" cannot name a registry key: use letters, digits, "-", "_", "/", "=" and single dots`);
  }
  return `${engineType}.${id}`;
}

/** The inverse of engineRegistryKey; null for a key that no engine would write. */
export function parseEngineRegistryKey(key: string): { engine_type: EngineType; id: string } | null {
  const dot = key.indexOf('.');
  if (dot < 0) return null;
  const type = engineTypeSchema.safeParse(key.slice(0, dot));
  const id = key.slice(dot + 1);
  if (!type.success || !ENGINE_INSTANCE_ID_PATTERN.test(id)) return null;
  return { engine_type: type.data, id };
}
