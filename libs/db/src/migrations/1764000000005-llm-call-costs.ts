import type { MigrationInterface, QueryRunner } from 'typeorm';

/** LLM call records gain their provider attempts, their price and the model a fallback replaced. */
export class LlmCallCosts1764000000005 implements MigrationInterface {
  name = 'LlmCallCosts1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE llm_calls
        ADD COLUMN attempts integer NOT NULL DEFAULT 1,
        ADD COLUMN cost_usd double precision NULL,
        ADD COLUMN requested_model text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE llm_calls DROP COLUMN attempts, DROP COLUMN cost_usd, DROP COLUMN requested_model');
  }
}
