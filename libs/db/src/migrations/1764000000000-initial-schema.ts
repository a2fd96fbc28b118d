import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The walking skeleton's schema. Hand-written SQL; the entities in ../entities mirror it.
 * `events` keeps the run log; the UNIQUE (run_id, seq) constraint is also the (run_id, seq) index
 * that paging and counting use, so no second index is created.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE templates (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind        text NOT NULL CONSTRAINT templates_kind_check CHECK (kind IN ('agent', 'scenario')),
        name        text NOT NULL,
        body        jsonb NOT NULL,
        source      text NOT NULL CONSTRAINT templates_source_check CHECK (source IN ('shipped', 'user')),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT templates_kind_name_key UNIQUE (kind, name)
      )`);

    await q.query(`
      CREATE TABLE runs (
        id             uuid PRIMARY KEY,
        name           text NULL,
        scenario_id    uuid NULL,
        scenario_name  text NOT NULL,
        status         text NOT NULL CONSTRAINT runs_status_check
                         CHECK (status IN ('pending', 'running', 'completed', 'failed', 'stopped')),
        seed           integer NOT NULL,
        spec           jsonb NOT NULL,
        turn_count     integer NOT NULL DEFAULT 0,
        event_count    integer NOT NULL DEFAULT 0,
        end_reason     text NULL,
        error          text NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        started_at     timestamptz NULL,
        ended_at       timestamptz NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX runs_created_at_idx ON runs (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX runs_status_created_at_idx ON runs (status, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE agent_instances (
        run_id         uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        agent_id       text NOT NULL,
        template_name  text NOT NULL,
        engine_type    text NOT NULL,
        persona        jsonb NOT NULL,
        llm            jsonb NOT NULL,
        PRIMARY KEY (run_id, agent_id)
      )`);
    await q.query(`
      CREATE TABLE events (
        id           text PRIMARY KEY,
        run_id       uuid NOT NULL,
        seq          integer NOT NULL,
        type         text NOT NULL,
        agent_id     text NULL,
        payload      jsonb NOT NULL,
        at           timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_run_id_seq_key UNIQUE (run_id, seq)
      )`);
    await q.query(`
      CREATE TABLE engine_instances (
        id                 text PRIMARY KEY,
        engine_type        text NOT NULL,
        status             text NOT NULL,
        version            text NOT NULL,
        capabilities       jsonb NOT NULL DEFAULT '{}'::jsonb,
        started_at         timestamptz NOT NULL,
        last_heartbeat_at  timestamptz NOT NULL,
        stopped_at         timestamptz NULL
      )`);
    await q.query(`
      CREATE TABLE llm_calls (
        id          text PRIMARY KEY,
        run_id      text NULL,
        agent_id    text NULL,
        provider    text NOT NULL,
        model       text NOT NULL,
        tokens_in   integer NOT NULL,
        tokens_out  integer NOT NULL,
        latency_ms  double precision NOT NULL,
        cached      boolean NOT NULL,
        status      text NOT NULL,
        error       text NULL,
        at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX llm_calls_run_id_at_idx ON llm_calls (run_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['llm_calls', 'engine_instances', 'events', 'agent_instances', 'runs', 'templates']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
