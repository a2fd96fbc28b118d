import {
  DomainError,
  ENGINE_TYPES,
  type EngineInstanceRecord,
  type EngineInstanceStatus,
  type EngineRegistration,
  type EngineStatusCounts,
  type EngineType,
  type Page,
} from '@scrai/contracts';
import type { DataSource } from 'typeorm';
import { isoOf, isoOrNull } from './iso-time.js';
import { rowsOf, withConnection } from './sql-statements.js';

/** One observation of an engine's registry entry, as the watcher decided it. */
export interface EngineObservation {
  registration: EngineRegistration;
  status: EngineInstanceStatus;
  /** Revision of the KV entry observed: a row is never overwritten from an older one. */
  revision: number;
  /** The watcher's clock when it saw the change (first_seen_at, status_changed_at). */
  seenAt: string;
  stoppedAt: string | null;
}

/** An instance recorded as alive, as a restarted watcher adopts it. */
export interface LiveEngineRow {
  id: string;
  engine_type: EngineType;
  status: 'healthy' | 'degraded';
  heartbeat_ms: number | null;
  revision: number;
}

export interface EngineListFilter {
  engine_type?: EngineType;
  status?: EngineInstanceStatus;
  limit: number;
  offset: number;
}

interface Row {
  id: string;
  engine_type: EngineType;
  status: EngineInstanceStatus;
  version: string;
  capabilities: EngineInstanceRecord['capabilities'];
  limits: EngineInstanceRecord['limits'];
  heartbeat_ms: number | null;
  load: EngineInstanceRecord['load'];
  processed: string;
  failed: string;
  last_error: string | null;
  started_at: Date;
  last_heartbeat_at: Date;
  first_seen_at: Date | null;
  status_changed_at: Date | null;
  stopped_at: Date | null;
}

const COLUMNS = `id, engine_type, status, version, capabilities, limits, heartbeat_ms, load, processed, failed, last_error,
  started_at, last_heartbeat_at, first_seen_at, status_changed_at, stopped_at`;

const LIVE = `('healthy', 'degraded')`;

const recordOf = (r: Row): EngineInstanceRecord => ({
  id: r.id,
  engine_type: r.engine_type,
  status: r.status,
  version: r.version,
  capabilities: { task_kinds: r.capabilities?.task_kinds ?? [], max_concurrency: r.capabilities?.max_concurrency ?? 1 },
  limits: { ack_wait_ms: r.limits?.ack_wait_ms ?? 0, max_deliver: r.limits?.max_deliver ?? 0 },
  heartbeat_ms: r.heartbeat_ms,
  load: { in_flight: r.load?.in_flight ?? 0 },
  processed: Number(r.processed),
  failed: Number(r.failed),
  last_error: r.last_error,
  started_at: isoOf(r.started_at),
  last_heartbeat_at: isoOf(r.last_heartbeat_at),
  first_seen_at: isoOrNull(r.first_seen_at),
  status_changed_at: isoOrNull(r.status_changed_at),
  stopped_at: isoOrNull(r.stopped_at),
});

const emptyCounts = (): EngineStatusCounts => ({ healthy: 0, degraded: 0, gone: 0, stopped: 0 });

/**
 * The engine registry's history (`engine_instances`), written only by the persistence service's
 * registry watcher. Writes are guarded by the KV revision they come from, so several watchers (or a
 * lagging one) cannot move a row backwards; a worker restarted under the same id (a newer
 * started_at) takes its row over.
 */
export class EngineInstancesRepository {
  constructor(private readonly ds: DataSource) {}

  /** Upserts an instance from its registration; false when the row already reflects a newer entry. */
  async record(o: EngineObservation): Promise<boolean> {
    const r = o.registration;
    const rows = await withConnection(this.ds, (qr) =>
      rowsOf<{ id: string }>(
        qr,
        `INSERT INTO engine_instances AS e (id, engine_type, status, version, capabilities, limits, heartbeat_ms, load,
           processed, failed, last_error, started_at, last_heartbeat_at, first_seen_at, status_changed_at, stopped_at, kv_revision)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $14, $15, $16)
         ON CONFLICT (id) DO UPDATE SET
           engine_type = EXCLUDED.engine_type, status = EXCLUDED.status, version = EXCLUDED.version,
           capabilities = EXCLUDED.capabilities, limits = EXCLUDED.limits, heartbeat_ms = EXCLUDED.heartbeat_ms,
           load = EXCLUDED.load, processed = EXCLUDED.processed, failed = EXCLUDED.failed, last_error = EXCLUDED.last_error,
           last_heartbeat_at = EXCLUDED.last_heartbeat_at, stopped_at = EXCLUDED.stopped_at, kv_revision = EXCLUDED.kv_revision,
           first_seen_at = CASE WHEN e.started_at IS DISTINCT FROM EXCLUDED.started_at OR e.first_seen_at IS NULL
                                THEN EXCLUDED.first_seen_at ELSE e.first_seen_at END,
           status_changed_at = CASE WHEN e.status IS DISTINCT FROM EXCLUDED.status OR e.started_at IS DISTINCT FROM EXCLUDED.started_at
                                    THEN EXCLUDED.status_changed_at ELSE e.status_changed_at END,
           started_at = EXCLUDED.started_at
         WHERE e.kv_revision < EXCLUDED.kv_revision OR e.started_at < EXCLUDED.started_at
         RETURNING id`,
        [
          r.id,
          r.engine_type,
          o.status,
          r.version,
          JSON.stringify(r.capabilities),
          JSON.stringify(r.limits),
          r.heartbeat_ms,
          JSON.stringify(r.load),
          r.processed,
          r.failed,
          r.last_error,
          r.started_at,
          r.heartbeat_at,
          o.seenAt,
          o.stoppedAt,
          o.revision,
        ],
      ),
    );
    return rows.length > 0;
  }

  /** A graceful stop (its key was deleted at `revision`). */
  async markStopped(id: string, o: { revision: number; at: string }): Promise<boolean> {
    return this.end(id, 'stopped', `kv_revision < $3`, o);
  }

  /** Stopped heartbeating: applies only while the row is live and no newer entry than `revision` was recorded. */
  async markGone(id: string, o: { revision: number; at: string }): Promise<boolean> {
    return this.end(id, 'gone', `kv_revision <= $3 AND status IN ${LIVE}`, o);
  }

  private async end(id: string, status: 'stopped' | 'gone', guard: string, o: { revision: number; at: string }): Promise<boolean> {
    const rows = await withConnection(this.ds, (qr) =>
      rowsOf<{ id: string }>(
        qr,
        `UPDATE engine_instances
         SET status = $2, stopped_at = $4, load = jsonb_build_object('in_flight', 0), kv_revision = GREATEST(kv_revision, $3),
             status_changed_at = CASE WHEN status = $2 THEN status_changed_at ELSE $4::timestamptz END
         WHERE id = $1 AND ${guard}
         RETURNING id`,
        [id, status, o.revision, o.at],
      ),
    );
    return rows.length > 0;
  }

  /** Instances recorded as healthy or degraded. */
  async live(): Promise<LiveEngineRow[]> {
    const rows = await withConnection(this.ds, (qr) =>
      rowsOf<{ id: string; engine_type: EngineType; status: LiveEngineRow['status']; heartbeat_ms: number | null; kv_revision: string }>(
        qr,
        `SELECT id, engine_type, status, heartbeat_ms, kv_revision FROM engine_instances WHERE status IN ${LIVE}`,
      ),
    );
    return rows.map((r) => ({ id: r.id, engine_type: r.engine_type, status: r.status, heartbeat_ms: r.heartbeat_ms, revision: Number(r.kv_revision) }));
  }

  /** Live instances first, then the most recently changed. */
  async list(f: EngineListFilter): Promise<Page<EngineInstanceRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.engine_type) where.push(`engine_type = $${params.push(f.engine_type)}`);
    if (f.status) where.push(`status = $${params.push(f.status)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return withConnection(this.ds, async (qr) => {
      const [{ n }] = (await rowsOf<{ n: string }>(qr, `SELECT count(*) AS n FROM engine_instances ${clause}`, params)) as [{ n: string }];
      const rows = await rowsOf<Row>(
        qr,
        `SELECT ${COLUMNS} FROM engine_instances ${clause}
         ORDER BY (status IN ${LIVE}) DESC, COALESCE(status_changed_at, last_heartbeat_at) DESC, id
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, f.limit, f.offset],
      );
      return { items: rows.map(recordOf), total: Number(n) };
    });
  }

  /** The instance, or a 404 DomainError. */
  async get(id: string): Promise<EngineInstanceRecord> {
    const rows = await withConnection(this.ds, (qr) => rowsOf<Row>(qr, `SELECT ${COLUMNS} FROM engine_instances WHERE id = $1`, [id]));
    if (!rows[0]) throw new DomainError(404, `no engine instance "${id}"`);
    return recordOf(rows[0]);
  }

  /** Instances per engine type and status; gone and stopped ones only when their status changed at or after `since`. */
  async counts(since?: string): Promise<Record<EngineType, EngineStatusCounts>> {
    const rows = await withConnection(this.ds, (qr) =>
      rowsOf<{ engine_type: string; status: string; n: string }>(
        qr,
        `SELECT engine_type, status, count(*) AS n FROM engine_instances
         WHERE status IN ${LIVE} OR $1::timestamptz IS NULL OR COALESCE(status_changed_at, stopped_at, last_heartbeat_at) >= $1::timestamptz
         GROUP BY engine_type, status`,
        [since ?? null],
      ),
    );
    const out = Object.fromEntries(ENGINE_TYPES.map((t) => [t, emptyCounts()])) as Record<EngineType, EngineStatusCounts>;
    for (const r of rows) {
      const c = out[r.engine_type as EngineType];
      if (c && r.status in c) c[r.status as keyof EngineStatusCounts] = Number(r.n);
    }
    return out;
  }
}
