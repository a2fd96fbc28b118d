import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One run: its resolved spec and the summary the event log keeps up to date. */
@Entity({ name: 'runs' })
export class RunEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'uuid', nullable: true })
  scenario_id!: string | null;

  @Column({ type: 'text' })
  scenario_name!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'integer' })
  seed!: number;

  @Column({ type: 'jsonb' })
  spec!: Record<string, unknown>;

  @Column({ type: 'integer' })
  turn_count!: number;

  @Column({ type: 'integer' })
  event_count!: number;

  @Column({ type: 'text', nullable: true })
  end_reason!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  started_at!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  ended_at!: Date | null;

  @Column({ type: 'timestamptz' })
  updated_at!: Date;
}
