import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine registry's record in full: what a worker reports on each heartbeat (limits, load,
 * counts, last error, heartbeat interval), when the persistence service first saw it and when its
 * status last changed, and the KV revision the row was written from (so an older observation never
 * overwrites a newer one when several watchers write).
 */
export class EngineInstanceDetails1764000000003 implements MigrationInterface {
  name = 'EngineInstanceDetails1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE engine_instances
        ADD COLUMN limits             jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN heartbeat_ms       integer NULL,
        ADD COLUMN load               jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN processed          bigint NOT NULL DEFAULT 0,
        ADD COLUMN failed             bigint NOT NULL DEFAULT 0,
        ADD COLUMN last_error         text NULL,
        ADD COLUMN first_seen_at      timestamptz NULL,
        ADD COLUMN status_changed_at  timestamptz NULL,
        ADD COLUMN kv_revision        bigint NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX engine_instances_type_status_idx ON engine_instances (engine_type, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS engine_instances_type_status_idx');
    await q.query(`
      ALTER TABLE engine_instances
        DROP COLUMN limits, DROP COLUMN heartbeat_ms, DROP COLUMN load, DROP COLUMN processed, DROP COLUMN failed,
        DROP COLUMN last_error, DROP COLUMN first_seen_at, DROP COLUMN status_changed_at, DROP COLUMN kv_revision`);
  }
}
