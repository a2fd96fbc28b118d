import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One agent of one run (agent_id is its role), snapshotted from the run's spec when the run starts. */
@Entity({ name: 'agent_instances' })
export class AgentInstanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  run_id!: string;

  @PrimaryColumn({ type: 'text' })
  agent_id!: string;

  @Column({ type: 'text' })
  template_name!: string;

  @Column({ type: 'text' })
  engine_type!: string;

  @Column({ type: 'jsonb' })
  persona!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  llm!: Record<string, unknown>;
}
