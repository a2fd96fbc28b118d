import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A worker process that served an engine type: the history of the engines KV bucket, written by the
 * persistence service's registry watcher (engine-instances-repository.ts).
 */
@Entity({ name: 'engine_instances' })
export class EngineInstanceEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  engine_type!: string;

  /** healthy | degraded | gone | stopped */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'jsonb' })
  capabilities!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  limits!: Record<string, unknown>;

  @Column({ type: 'integer', nullable: true })
  heartbeat_ms!: number | null;

  @Column({ type: 'jsonb' })
  load!: Record<string, unknown>;

  @Column({ type: 'bigint' })
  processed!: string;

  @Column({ type: 'bigint' })
  failed!: string;

  @Column({ type: 'text', nullable: true })
  last_error!: string | null;

  @Column({ type: 'timestamptz' })
  started_at!: Date;

  @Column({ type: 'timestamptz' })
  last_heartbeat_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  first_seen_at!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  status_changed_at!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  stopped_at!: Date | null;

  /** Revision of the KV entry the row was last written from. */
  @Column({ type: 'bigint' })
  kv_revision!: string;
}
