import type { RunRecord, RunStatus } from '@scrai/contracts';
import type { RunEntity } from './entities/run.entity.js';
import { isoOf, isoOrNull } from './iso-time.js';

export const RUN_COLUMNS =
  'id, name, scenario_id, scenario_name, status, seed, spec, turn_count, event_count, end_reason, error, created_at, started_at, ended_at, updated_at';

export const TERMINAL_SQL_LIST = `('completed', 'failed', 'stopped', 'budget_exceeded')`;

export const runRecordOf = (r: RunEntity): RunRecord => ({
  id: r.id,
  name: r.name,
  scenario_name: r.scenario_name,
  status: r.status as RunStatus,
  seed: r.seed,
  turn_count: r.turn_count,
  event_count: r.event_count,
  end_reason: r.end_reason,
  error: r.error,
  created_at: isoOf(r.created_at),
  started_at: isoOrNull(r.started_at),
  ended_at: isoOrNull(r.ended_at),
});
