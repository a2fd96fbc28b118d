import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A run can be paused (POST /runs/{id}/pause): 'paused' joins the statuses runs.status allows. */
export class RunStatusPaused1764000000002 implements MigrationInterface {
  name = 'RunStatusPaused1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs DROP CONSTRAINT runs_status_check`);
    await q.query(`
      ALTER TABLE runs ADD CONSTRAINT runs_status_check
        CHECK (status IN ('pending', 'running', 'paused', 'completed', 'failed', 'stopped'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE runs SET status = 'running' WHERE status = 'paused'`);
    await q.query(`ALTER TABLE runs DROP CONSTRAINT runs_status_check`);
    await q.query(`
      ALTER TABLE runs ADD CONSTRAINT runs_status_check
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'stopped'))`);
  }
}
