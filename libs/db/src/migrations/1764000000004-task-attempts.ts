import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lifecycle of engine tasks: one row per task, delivery and status (queued, processing,
 * completed, failed, dead_letter), written from the TASK_ATTEMPTS stream. The primary key is the
 * idempotency key of a record. `events.task_seq` names the task an event records, so an event's
 * attempts are one index lookup (run_id, task_seq).
 */
export class TaskAttempts1764000000004 implements MigrationInterface {
  name = 'TaskAttempts1764000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_attempts (
        task_id      text NOT NULL,
        delivery     integer NOT NULL,
        status       text NOT NULL CONSTRAINT task_attempts_status_check
                       CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'dead_letter')),
        run_id       uuid NOT NULL,
        task_seq     integer NOT NULL,
        engine_id    text NULL,
        engine_type  text NOT NULL,
        error        text NULL,
        at           timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT task_attempts_pkey PRIMARY KEY (task_id, delivery, status)
      )`);
    await q.query(`CREATE INDEX task_attempts_run_id_task_seq_idx ON task_attempts (run_id, task_seq)`);
    await q.query(`ALTER TABLE events ADD COLUMN task_seq integer NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events DROP COLUMN task_seq`);
    await q.query(`DROP TABLE task_attempts`);
  }
}
