import type { EventPage, RunEvent } from '@scrai/contracts';
import { MoreThan, type DataSource } from 'typeorm';
import { EventEntity } from './entities/event.entity.js';
import { isoOf } from './iso-time.js';

export interface EventPageRequest {
  /** Events with seq greater than this; 0 for the start of the log. */
  after_seq: number;
  limit: number;
}

const eventOf = (r: EventEntity): RunEvent => ({
  id: r.id,
  run_id: r.run_id,
  seq: r.seq,
  type: r.type as RunEvent['type'],
  at: isoOf(r.at),
  agent_id: r.agent_id,
  ...(r.task_seq !== null && r.task_seq !== undefined ? { task_seq: r.task_seq } : {}),
  payload: r.payload,
});

/** Reads a run's stored event log in seq order. */
export class EventsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * One page of the run's events after `after_seq`. `next_after_seq` is the seq to ask from for the
   * next page, or null when this page reached the end of what is stored now.
   */
  async page(runId: string, p: EventPageRequest): Promise<EventPage<RunEvent>> {
    const rows = await this.ds.getRepository(EventEntity).find({
      where: { run_id: runId, seq: MoreThan(p.after_seq) },
      order: { seq: 'ASC' },
      take: p.limit + 1,
    });
    const more = rows.length > p.limit;
    const items = (more ? rows.slice(0, p.limit) : rows).map(eventOf);
    return { items, next_after_seq: more ? items.at(-1)!.seq : null };
  }

  /** One stored event of the run, by seq (null when it is not stored). */
  async find(runId: string, seq: number): Promise<RunEvent | null> {
    const row = await this.ds.getRepository(EventEntity).findOne({ where: { run_id: runId, seq } });
    return row ? eventOf(row) : null;
  }

  /** How many events of the run are stored. */
  async count(runId: string): Promise<number> {
    return this.ds.getRepository(EventEntity).count({ where: { run_id: runId } });
  }
}
