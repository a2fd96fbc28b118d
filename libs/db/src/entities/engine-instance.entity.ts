import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A worker process that served an engine type (history of the engines KV bucket). Filled by a later change. */
@Entity({ name: 'engine_instances' })
export class EngineInstanceEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  engine_type!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'jsonb' })
  capabilities!: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  started_at!: Date;

  @Column({ type: 'timestamptz' })
  last_heartbeat_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  stopped_at!: Date | null;
}
