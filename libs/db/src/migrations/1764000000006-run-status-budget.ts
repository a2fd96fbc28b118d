import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A run can end because its LLM budget would be crossed: 'budget_exceeded' joins the statuses runs.status allows. */
export class RunStatusBudget1764000000006 implements MigrationInterface {
  name = 'RunStatusBudget1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs DROP CONSTRAINT runs_status_check`);
    await q.query(`
      ALTER TABLE runs ADD CONSTRAINT runs_status_check
        CHECK (status IN ('pending', 'running', 'paused', 'completed', 'failed', 'stopped', 'budget_exceeded'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE runs SET status = 'failed', error = COALESCE(error, 'budget_exceeded') WHERE status = 'budget_exceeded'`);
    await q.query(`ALTER TABLE runs DROP CONSTRAINT runs_status_check`);
    await q.query(`
      ALTER TABLE runs ADD CONSTRAINT runs_status_check
        CHECK (status IN ('pending', 'running', 'paused', 'completed', 'failed', 'stopped'))`);
  }
}
