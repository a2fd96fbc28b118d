import {
  DEFAULT_ENGINE_TTL_MS,
  DEFAULT_HEARTBEAT_MS,
  ENGINE_INSTANCE_ID_PATTERN,
  ENGINE_TASK_KINDS,
  type BrokerNames,
} from '@scrai/contracts';
import { openBuckets, type NatsConnection } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import type { EngineWorkerOptions } from './engine-worker-options.js';
import { registerEngine, type EngineRegistrationHandle } from './engine-registration.js';
import type { EngineStats } from './engine-stats.js';

export interface EngineWorkerIdentity {
  nc: NatsConnection;
  names: BrokerNames;
  log: Logger;
  instanceId: string;
  version?: string;
}

/**
 * Opens the registry bucket (creating it with this engine's TTL when it is the first to open it)
 * and registers the worker with its capabilities and limits. The TTL must outlast a heartbeat.
 */
export async function registerEngineWorker(
  deps: EngineWorkerIdentity,
  o: EngineWorkerOptions,
  stats: EngineStats,
  inFlight: () => number,
): Promise<EngineRegistrationHandle> {
  const heartbeatMs = o.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const ttlMs = o.engineTtlMs ?? DEFAULT_ENGINE_TTL_MS;
  if (!ENGINE_INSTANCE_ID_PATTERN.test(deps.instanceId)) {
    throw new Error(`SCRAI_INSTANCE_ID "${deps.instanceId}" cannot name a registry key: use letters, digits, "-", "_", "/", "=" and single dots`);
  }
  if (ttlMs <= heartbeatMs) {
    throw new Error(`SCRAI_ENGINE_TTL_MS (${ttlMs}) must be longer than SCRAI_HEARTBEAT_MS (${heartbeatMs}): registrations would expire between heartbeats`);
  }
  const { engines } = await openBuckets(deps.nc, deps.names, { engineTtlMs: ttlMs, replicas: o.replicas });
  const actualTtl = (await engines.status()).ttl;
  if (actualTtl !== ttlMs) {
    deps.log.warn(
      { bucket: deps.names.kv.engines, ttl_ms: actualTtl, wanted_ttl_ms: ttlMs },
      'the engine registry bucket already exists with another TTL (set SCRAI_ENGINE_TTL_MS alike on every service)',
    );
  }
  return registerEngine({
    kv: engines,
    id: deps.instanceId,
    engineType: o.engineType,
    version: deps.version ?? '0.0.0',
    capabilities: { task_kinds: [...ENGINE_TASK_KINDS[o.engineType]], max_concurrency: o.concurrency },
    limits: { ack_wait_ms: o.ackWaitMs, max_deliver: o.maxDeliver },
    heartbeatMs,
    startedAtMs: Date.now(),
    stats,
    inFlight,
    log: deps.log,
  });
}
