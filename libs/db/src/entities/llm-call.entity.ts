import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One provider call recorded by the llm-gateway (id = request id). */
@Entity({ name: 'llm_calls' })
export class LlmCallEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  run_id!: string | null;

  @Column({ type: 'text', nullable: true })
  agent_id!: string | null;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'integer' })
  tokens_in!: number;

  @Column({ type: 'integer' })
  tokens_out!: number;

  @Column({ type: 'double precision' })
  latency_ms!: number;

  @Column({ type: 'boolean' })
  cached!: boolean;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'integer', default: 1 })
  attempts!: number;

  @Column({ type: 'double precision', nullable: true })
  cost_usd!: number | null;

  @Column({ type: 'text', nullable: true })
  requested_model!: string | null;
}
