import { DomainError, type Page, type RunEvent, type RunRecord, type RunSpec, type RunStatus } from '@scrai/contracts';
import type { DataSource } from 'typeorm';
import { upsertAgentInstances } from './agent-instances-sql.js';
import { createMissingRuns, insertEvents, snapshotStartedAgents, updateRunSummaries, type EventJsonOf } from './apply-events-sql.js';
import { RunEntity } from './entities/run.entity.js';
import { runEffectsOf } from './run-event-effects.js';
import { runRecordOf } from './run-rows.js';
import { inTransaction, rowsOf } from './sql-statements.js';

export interface RunListFilter {
  status?: RunStatus;
  limit: number;
  offset: number;
}

export interface AppliedEvents {
  /** Events stored by this call. */
  inserted: number;
  /** Events that were already stored (redeliveries): no-ops. */
  duplicates: number;
  /** Runs whose row this call made from their events (runs.create had not been seen). */
  runs_created: string[];
}

/** Runs and their summaries. The summary columns follow the event log through applyEvents. */
export class RunsRepository {
  constructor(private readonly ds: DataSource) {}

  private get rows() {
    return this.ds.getRepository(RunEntity);
  }

  /**
   * Records a pending run from its resolved spec. Idempotent on the run id: a repeat returns the
   * stored run unchanged. A row made earlier from the run's events gets the full spec.
   */
  async create(spec: RunSpec, scenarioId: string | null = spec.scenario.id): Promise<RunRecord> {
    await inTransaction(this.ds, async (qr) => {
      const upgraded = await rowsOf<{ id: string; status: string }>(
        qr,
        `INSERT INTO runs (id, name, scenario_id, scenario_name, status, seed, spec, created_at, event_count)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6::jsonb, $7, (SELECT count(*) FROM events WHERE run_id = $1))
         ON CONFLICT (id) DO UPDATE SET
           name = EXCLUDED.name, scenario_id = EXCLUDED.scenario_id, scenario_name = EXCLUDED.scenario_name,
           spec = EXCLUDED.spec, updated_at = now()
         WHERE runs.spec->>'source' IN ('run.started', 'events')
         RETURNING id, status`,
        [spec.run_id, spec.name, scenarioId, spec.scenario.name, spec.seed, JSON.stringify(spec), spec.created_at],
      );
      const started = upgraded.filter((r) => r.status !== 'pending').map((r) => r.id);
      await upsertAgentInstances(qr, started);
    });
    return this.get(spec.run_id);
  }

  async find(id: string): Promise<RunRecord | null> {
    const row = await this.rows.findOne({ where: { id } });
    return row ? runRecordOf(row) : null;
  }

  /** The run, or a 404 DomainError. */
  async get(id: string): Promise<RunRecord> {
    const found = await this.find(id);
    if (!found) throw new DomainError(404, `no run ${id}`);
    return found;
  }

  /** The run's resolved spec as stored by create (null for an unknown run). */
  async spec(id: string): Promise<Record<string, unknown> | null> {
    const row = await this.rows.findOne({ where: { id }, select: { id: true, spec: true } });
    return row?.spec ?? null;
  }

  /** Newest first, with the total of runs that match the filter. */
  async list(f: RunListFilter): Promise<Page<RunRecord>> {
    const [rows, total] = await this.rows.findAndCount({
      where: f.status ? { status: f.status } : {},
      order: { created_at: 'DESC', id: 'DESC' },
      skip: f.offset,
      take: f.limit,
    });
    return { items: rows.map(runRecordOf), total };
  }

  /**
   * The hot path of the event log. In one transaction: inserts the events (a stored id is a no-op),
   * then folds the ones actually inserted into their runs' rows — status, turn and event counts,
   * start and end — and snapshots the agents of started runs. A batch of any size costs a handful of
   * statements: one per 1000 events, plus three for all the runs it touches. Runs without a row get
   * one (see createMissingRuns), so an event's effect is never dropped. `jsonOf` may give an
   * event's JSON text as received (it must parse to exactly that event): it is stored from that
   * text instead of being serialised again.
   */
  async applyEvents(events: readonly RunEvent[], jsonOf?: EventJsonOf): Promise<AppliedEvents> {
    // in id order: transactions inserting some of the same ids (a redelivery racing the original)
    // take their index locks in one order, so they wait for each other instead of deadlocking
    const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (unique.length === 0) return { inserted: 0, duplicates: events.length, runs_created: [] };
    return inTransaction(this.ds, async (qr) => {
      const insertedIds = await insertEvents(qr, unique, jsonOf);
      const effects = runEffectsOf(unique.filter((e) => insertedIds.has(e.id)));
      let created = new Set<string>();
      if (effects.length > 0) {
        created = await createMissingRuns(qr, effects);
        await updateRunSummaries(qr, effects, created);
        await snapshotStartedAgents(qr, effects);
      }
      return { inserted: insertedIds.size, duplicates: events.length - insertedIds.size, runs_created: [...created] };
    });
  }
}
