import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A stored agent or scenario template. `body` is the validated template (defaults applied). */
@Entity({ name: 'templates' })
@Unique('templates_kind_name_key', ['kind', 'name'])
export class TemplateEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: 'agent' | 'scenario';

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  body!: Record<string, unknown>;

  @Column({ type: 'text' })
  source!: 'shipped' | 'user';

  @Column({ type: 'timestamptz', name: 'created_at' })
  created_at!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updated_at!: Date;
}
