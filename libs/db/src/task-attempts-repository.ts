import type { TaskAttemptRecord } from '@scrai/contracts';
import type { DataSource } from 'typeorm';
import { isoOf } from './iso-time.js';
import { chunksOf, rowsOf, withConnection } from './sql-statements.js';

interface AttemptRow {
  run_id: string;
  task_seq: number;
  task_id: string;
  engine_id: string | null;
  engine_type: TaskAttemptRecord['engine_type'];
  status: TaskAttemptRecord['status'];
  delivery: number;
  error: string | null;
  at: Date;
}

/**
 * The processing attempts of engine tasks (TASK_ATTEMPTS stream). A record is keyed by (task_id,
 * delivery, status): storing it again is a no-op.
 */
export class TaskAttemptsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Returns how many records were new. */
  async insertMany(records: readonly TaskAttemptRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    return withConnection(this.ds, async (qr) => {
      let inserted = 0;
      for (const chunk of chunksOf(records)) {
        const rows = await rowsOf<{ task_id: string }>(
          qr,
          `INSERT INTO task_attempts (task_id, delivery, status, run_id, task_seq, engine_id, engine_type, error, at)
           SELECT d.task_id, d.delivery, d.status, d.run_id, d.task_seq, d.engine_id, d.engine_type, d.error, d.at
           FROM jsonb_to_recordset($1::jsonb) AS d(task_id text, delivery integer, status text, run_id uuid,
                task_seq integer, engine_id text, engine_type text, error text, at timestamptz)
           ON CONFLICT DO NOTHING
           RETURNING task_id`,
          [JSON.stringify(chunk)],
        );
        inserted += rows.length;
      }
      return inserted;
    });
  }

  /**
   * The attempts of one task in the order they happened: by delivery, then by lifecycle step
   * (queued, processing, then how the delivery ended, dead_letter last), then by time. This is the
   * order of the timestamps when the clocks agree, and stays right when they do not.
   */
  async ofTask(runId: string, taskSeq: number): Promise<TaskAttemptRecord[]> {
    const rows = await this.ds.query(
      `SELECT run_id, task_seq, task_id, engine_id, engine_type, status, delivery, error, at
       FROM task_attempts WHERE run_id = $1 AND task_seq = $2
       ORDER BY delivery,
                CASE status WHEN 'queued' THEN 0 WHEN 'processing' THEN 1 WHEN 'dead_letter' THEN 3 ELSE 2 END,
                at`,
      [runId, taskSeq],
    );
    return (rows as AttemptRow[]).map((r) => ({ ...r, at: isoOf(r.at) }));
  }
}
