import { isUtf8 } from 'node:buffer';
import type { RunEvent } from '@scrai/contracts';
import type { QueryRunner } from 'typeorm';
import { upsertAgentInstances } from './agent-instances-sql.js';
import { TERMINAL_SQL_LIST } from './run-rows.js';
import type { RunEffect } from './run-event-effects.js';
import { chunksOf, rowsOf } from './sql-statements.js';

/** The JSON text of an event exactly as received (it parses to that event), when the caller has it. */
export type EventJsonOf = (event: RunEvent) => Uint8Array | undefined;

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
const BOM_FIRST_BYTE = 0xef;

const rowOf = (e: RunEvent) => ({ id: e.id, run_id: e.run_id, seq: e.seq, type: e.type, agent_id: e.agent_id, task_seq: e.task_seq ?? null, payload: e.payload, at: e.at });

/**
 * The events as one JSON array, in bytes: an event's received text is copied as it is (no second
 * serialisation) when it is valid UTF-8 without a byte-order mark (which the decoder that parsed it
 * would have skipped); any other event is serialised here. Unknown keys in a received text are
 * ignored by the statement, which reads only the columns it names.
 */
function eventsJson(events: readonly RunEvent[], jsonOf: EventJsonOf | undefined): Buffer {
  const parts: Uint8Array[] = [OPEN];
  for (let i = 0; i < events.length; i++) {
    if (i > 0) parts.push(COMMA);
    const received = jsonOf?.(events[i]!);
    parts.push(received && received[0] !== BOM_FIRST_BYTE && isUtf8(received) ? received : Buffer.from(JSON.stringify(rowOf(events[i]!))));
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/**
 * Multi-row insert of events, in the given order; a stored id (or run_id+seq) is skipped. Returns
 * the ids inserted. The array goes as a binary `json` parameter (the driver sends a Buffer as is);
 * seq and task_seq are read as numeric and cast, so `2.0` stores as 2 just as JSON.parse reads it.
 * The statement answers with one row: the count, and the inserted ids only when some were skipped.
 */
export async function insertEvents(qr: QueryRunner, events: readonly RunEvent[], jsonOf?: EventJsonOf): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const chunk of chunksOf(events)) {
    const [row] = await rowsOf<{ n: number; ids: string[] | null }>(
      qr,
      `WITH inserted AS (
         INSERT INTO events (id, run_id, seq, type, agent_id, task_seq, payload, at)
         SELECT d.id, d.run_id, d.seq::integer, d.type, d.agent_id, d.task_seq::integer, d.payload, d.at
         FROM json_to_recordset($1::json)
           AS d(id text, run_id uuid, seq numeric, type text, agent_id text, task_seq numeric, payload jsonb, at timestamptz)
         ON CONFLICT DO NOTHING
         RETURNING id)
       SELECT count(*)::int AS n, CASE WHEN count(*) < $2 THEN array_agg(id) END AS ids FROM inserted`,
      [eventsJson(chunk, jsonOf), chunk.length],
    );
    if (row!.ids) for (const id of row!.ids) inserted.add(id);
    else if (row!.n === chunk.length) for (const e of chunk) inserted.add(e.id);
  }
  return inserted;
}

/** What a run.started tells about its run: enough for a row when runs.create has not made one. */
function startedRunFacts(f: RunEffect): { scenario_name: string; seed: number; spec: Record<string, unknown> } | null {
  if (!f.started) return null;
  const p = f.started.payload;
  return {
    scenario_name: typeof p.scenario_name === 'string' ? p.scenario_name : 'unknown',
    seed: typeof p.seed === 'number' && Number.isInteger(p.seed) ? p.seed : 0,
    spec: { ...p, run_id: f.run_id, source: 'run.started' },
  };
}

/**
 * Gives every touched run a row, so no event's effect is lost: runs.create normally made it; if not,
 * it is made here from the run.started event, or as a stub (spec.source "events") that a later
 * run.started or runs.create fills in. A new row counts the events already stored (this
 * transaction's included). Only runs without a committed row are attempted, so the count is not paid
 * on the hot path; a concurrent transaction creating the same row makes this insert wait and skip.
 * Returns the ids of the rows created.
 */
export async function createMissingRuns(qr: QueryRunner, effects: readonly RunEffect[]): Promise<Set<string>> {
  const rows = await rowsOf<{ id: string }>(
    qr,
    `INSERT INTO runs (id, scenario_name, status, seed, spec, created_at, event_count)
     SELECT d.id, d.scenario_name, 'pending', d.seed, d.spec, d.at,
            (SELECT count(*) FROM events e WHERE e.run_id = d.id)
     FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, scenario_name text, seed integer, spec jsonb, at timestamptz)
     WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = d.id)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      JSON.stringify(
        effects.map((f) => ({
          id: f.run_id,
          ...(startedRunFacts(f) ?? { scenario_name: 'unknown', seed: 0, spec: { run_id: f.run_id, source: 'events' } }),
          at: f.started?.at ?? f.first_at,
        })),
      ),
    ],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * One UPDATE for every run the batch touched. A terminal status is never left: a late run.started
 * cannot move a completed run back to running. Paused/running follows the run's latest stored
 * run.paused / run.resumed (a batch written late does not undo a later one). A stub row learns its
 * scenario from run.started.
 */
export async function updateRunSummaries(qr: QueryRunner, effects: readonly RunEffect[], created: ReadonlySet<string>): Promise<void> {
  // Lock the rows in id order first: two replicas writing batches that share runs then queue
  // instead of deadlocking.
  await qr.query(`SELECT 1 FROM runs WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [effects.map((f) => f.run_id)]);
  await qr.query(
    `UPDATE runs AS r SET
       event_count = r.event_count + d.added,
       turn_count = GREATEST(r.turn_count, COALESCE(d.max_turn, 0)),
       status = CASE
         WHEN r.status IN ${TERMINAL_SQL_LIST} THEN r.status
         WHEN d.terminal_status IS NOT NULL THEN d.terminal_status
         WHEN d.control_status IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM events e WHERE e.run_id = r.id AND e.type IN ('run.paused', 'run.resumed') AND e.seq > d.control_seq
         ) THEN d.control_status
         WHEN d.started_at IS NOT NULL AND r.status = 'pending' THEN 'running'
         ELSE r.status END,
       started_at = COALESCE(r.started_at, d.started_at),
       end_reason = CASE WHEN r.status NOT IN ${TERMINAL_SQL_LIST} AND d.terminal_status IS NOT NULL
                         THEN d.end_reason ELSE r.end_reason END,
       error = CASE WHEN r.status NOT IN ${TERMINAL_SQL_LIST} AND d.terminal_status IS NOT NULL
                    THEN d.error ELSE r.error END,
       ended_at = CASE WHEN r.status NOT IN ${TERMINAL_SQL_LIST} AND d.terminal_status IS NOT NULL
                       THEN d.ended_at ELSE r.ended_at END,
       scenario_name = CASE WHEN d.started_spec IS NOT NULL AND r.spec->>'source' = 'events'
                            THEN d.scenario_name ELSE r.scenario_name END,
       seed = CASE WHEN d.started_spec IS NOT NULL AND r.spec->>'source' = 'events' THEN d.seed ELSE r.seed END,
       spec = CASE WHEN d.started_spec IS NOT NULL AND r.spec->>'source' = 'events' THEN d.started_spec ELSE r.spec END,
       updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, added integer, max_turn integer, started_at timestamptz,
          terminal_status text, end_reason text, error text, ended_at timestamptz,
          scenario_name text, seed integer, started_spec jsonb, control_status text, control_seq integer)
     WHERE r.id = d.id`,
    [
      JSON.stringify(
        effects.map((f) => {
          const facts = startedRunFacts(f);
          return {
            id: f.run_id,
            // a row created in this transaction already counted the events stored so far
            added: created.has(f.run_id) ? 0 : f.inserted,
            max_turn: f.max_turn,
            started_at: f.started?.at ?? null,
            terminal_status: f.terminal?.status ?? null,
            end_reason: f.terminal?.end_reason ?? null,
            error: f.terminal?.error ?? null,
            ended_at: f.terminal?.at ?? null,
            scenario_name: facts?.scenario_name ?? null,
            seed: facts?.seed ?? null,
            started_spec: facts?.spec ?? null,
            control_status: f.control?.status ?? null,
            control_seq: f.control?.seq ?? null,
          };
        }),
      ),
    ],
  );
}

export async function snapshotStartedAgents(qr: QueryRunner, effects: readonly RunEffect[]): Promise<void> {
  await upsertAgentInstances(
    qr,
    effects.filter((f) => f.started).map((f) => f.run_id),
  );
}
