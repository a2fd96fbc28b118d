import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** One event of a run's log. id = `${run_id}:${seq}`; (run_id, seq) is unique and indexed. */
@Entity({ name: 'events' })
@Unique('events_run_id_seq_key', ['run_id', 'seq'])
export class EventEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'uuid' })
  run_id!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  agent_id!: string | null;

  /** The engine task whose result the event records (null for other events). */
  @Column({ type: 'integer', nullable: true })
  task_seq!: number | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'timestamptz' })
  recorded_at!: Date;
}
