import {
  ENGINE_TYPES,
  engineQueryRequestSchemas,
  engineTypeSchema,
  DomainError,
  isoTime,
  parseOrThrow,
  type EngineHealthReport,
  type EngineInstanceRecord,
  type EngineStatusCounts,
  type EngineType,
  type Page,
  type QueueStats,
} from '@scrai/contracts';
import type { QueryClient } from '../persistence/query-client.js';
import type { BacklogTrend } from './backlog-trend.js';
import { engineHealthReport } from './engine-health.js';
import type { QueueStatsReader } from './queue-stats.js';

/** Gone instances count in the health report for this long after they went silent. */
export const GONE_WINDOW_MS = 60 * 60_000;

export interface EnginesServiceDeps {
  queries: QueryClient;
  queueStats: QueueStatsReader;
  trend: BacklogTrend;
  /** Monotonic milliseconds for the backlog trend (default performance.now). */
  now?: () => number;
  /** Wall-clock milliseconds (default Date.now). */
  wallNow?: () => number;
}

export interface ListEngineInstancesParams {
  engine_type?: unknown;
  status?: unknown;
  limit?: unknown;
  offset?: unknown;
}

const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/** The engine registry as the API shows it: instances from Postgres, queues from JetStream. */
export class EnginesService {
  private readonly now: () => number;
  private readonly wallNow: () => number;

  constructor(private readonly deps: EnginesServiceDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.wallNow = deps.wallNow ?? Date.now;
  }

  list(params: ListEngineInstancesParams): Promise<Page<EngineInstanceRecord>> {
    const req = parseOrThrow(engineQueryRequestSchemas['engines.list'], withoutUndefined({ ...params }), 'query parameters');
    return this.deps.queries.query<Page<EngineInstanceRecord>>('engines.list', req);
  }

  get(id: string): Promise<EngineInstanceRecord> {
    return this.deps.queries.query<EngineInstanceRecord>('engines.get', parseOrThrow(engineQueryRequestSchemas['engines.get'], { id }, 'path'));
  }

  /** One engine type's queue; 400 for a type that does not exist. */
  async queue(engineType: string): Promise<QueueStats> {
    const t = engineTypeSchema.safeParse(engineType);
    if (!t.success) throw new DomainError(400, `unknown engine type "${engineType}" (use ${ENGINE_TYPES.join(', ')})`, [{ path: 'engine_type', message: 'unknown engine type' }]);
    return this.readQueue(t.data);
  }

  async health(): Promise<EngineHealthReport> {
    const since = isoTime(this.wallNow() - GONE_WINDOW_MS);
    const [counts, ...queues] = await Promise.all([
      this.deps.queries.query<Record<EngineType, EngineStatusCounts>>('engines.counts', { since }),
      ...ENGINE_TYPES.map((t) => this.readQueue(t)),
    ]);
    const byType = Object.fromEntries(queues.map((q) => [q.engine_type, q])) as Record<EngineType, QueueStats>;
    return engineHealthReport(counts, byType, (t) => this.deps.trend.growing(t));
  }

  /** Reads every queue once (the sampler's tick), feeding the backlog trends. */
  async sample(): Promise<void> {
    await Promise.all(ENGINE_TYPES.map((t) => this.readQueue(t)));
  }

  private async readQueue(t: EngineType): Promise<QueueStats> {
    const q = await this.deps.queueStats(t);
    this.deps.trend.add(t, this.now(), q.pending);
    return q;
  }
}
