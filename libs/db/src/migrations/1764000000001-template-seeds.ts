import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remembers which shipped templates were seeded, so a shipped template is seeded once in the life
 * of the database and a user's deletion or rename of it is not undone at the next boot. Shipped
 * templates already present count as seeded.
 */
export class TemplateSeeds1764000000001 implements MigrationInterface {
  name = 'TemplateSeeds1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE template_seeds (
        kind       text NOT NULL,
        name       text NOT NULL,
        seeded_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, name)
      )`);
    await q.query(`INSERT INTO template_seeds (kind, name) SELECT kind, name FROM templates WHERE source = 'shipped'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE template_seeds');
  }
}
