import {
  ENGINE_TYPES,
  type EngineHealthReport,
  type EngineStatusCounts,
  type EngineType,
  type EngineTypeHealth,
  type QueueDepth,
} from '@scrai/contracts';

/**
 * The health of one engine type: critical with no live instance, degraded with only degraded
 * instances or a growing backlog, healthy with at least one healthy instance and a backlog that
 * is not growing.
 */
export function engineTypeHealth(counts: Pick<EngineStatusCounts, 'healthy' | 'degraded'>, backlogGrowing: boolean): EngineTypeHealth {
  if (counts.healthy === 0 && counts.degraded === 0) return 'critical';
  if (counts.healthy === 0 || backlogGrowing) return 'degraded';
  return 'healthy';
}

/** GET /engine-instances/health from the instance counts, the queue depths and the backlog trends. */
export function engineHealthReport(
  counts: Record<EngineType, EngineStatusCounts>,
  queues: Record<EngineType, QueueDepth>,
  growing: (type: EngineType) => boolean,
): EngineHealthReport {
  const engines = {} as EngineHealthReport['engines'];
  const depths = {} as EngineHealthReport['queues'];
  for (const t of ENGINE_TYPES) {
    const c = counts[t] ?? { healthy: 0, degraded: 0, gone: 0, stopped: 0 };
    const g = growing(t);
    engines[t] = { healthy: c.healthy, degraded: c.degraded, gone: c.gone, status: engineTypeHealth(c, g), backlog: g ? 'growing' : 'small' };
    const q = queues[t];
    depths[t] = { pending: q.pending, in_flight: q.in_flight, redelivered: q.redelivered };
  }
  return { engines, queues: depths };
}
