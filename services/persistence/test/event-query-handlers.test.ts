import { describe, expect, it } from '@jest/globals';
import { DomainError, type RunEvent, type TaskAttemptRecord } from '@scrai/contracts';
import { createEventQueryHandlers, seqOfEventId } from '../src/event-query-handlers.js';

const RUN = '5b1c8f0e-8a52-4a53-9d1e-3f4c2b6a7d10';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const event = (seq: number, task_seq?: number): RunEvent => ({
  id: `${RUN}:${seq}`,
  run_id: RUN,
  seq,
  type: task_seq ? 'actor.turn' : 'run.started',
  at: '2026-01-01T00:00:00.000Z',
  agent_id: task_seq ? 'actor1' : null,
  ...(task_seq ? { task_seq } : {}),
  payload: {},
});
const attempt = (status: TaskAttemptRecord['status'], delivery: number, engine_id: string | null, error: string | null = null): TaskAttemptRecord => ({
  run_id: RUN,
  task_seq: 4,
  task_id: `${RUN}:4`,
  engine_id,
  engine_type: 'actor',
  status,
  delivery,
  error,
  at: `2026-01-01T00:00:0${delivery}.000Z`,
});

describe('seqOfEventId', () => {
  it('takes an event id of the run or a bare seq', () => {
    expect(seqOfEventId(RUN, `${RUN}:12`)).toBe(12);
    expect(seqOfEventId(RUN, '12')).toBe(12);
  });

  it('refuses another run, junk and seq 0', () => {
    for (const bad of [`${OTHER}:12`, 'stream', '0', '-1', '1.5', `${RUN}:`, `${RUN}:x`, '9999999999']) expect(seqOfEventId(RUN, bad)).toBeNull();
  });
});

describe('events.get', () => {
  const attempts = [attempt('queued', 0, null), attempt('processing', 1, 'w1'), attempt('failed', 1, 'w1', 'boom'), attempt('processing', 2, 'w2'), attempt('completed', 2, 'w2')];
  const handlers = createEventQueryHandlers({
    events: { find: async (runId, seq) => (runId === RUN && seq === 1 ? event(1) : runId === RUN && seq === 5 ? event(5, 4) : null) },
    taskAttempts: { ofTask: async (runId, taskSeq) => (runId === RUN && taskSeq === 4 ? attempts : []) },
  });

  it('answers the event with the attempts of its task, retry_count from the delivery', async () => {
    const e = (await handlers['events.get']({ run_id: RUN, event_id: `${RUN}:5` })) as { processed_by_engines: unknown[]; task_seq: number };
    expect(e.task_seq).toBe(4);
    expect(e.processed_by_engines).toEqual([
      { engine_id: null, engine_type: 'actor', status: 'queued', timestamp: '2026-01-01T00:00:00.000Z', retry_count: 0, error: null },
      { engine_id: 'w1', engine_type: 'actor', status: 'processing', timestamp: '2026-01-01T00:00:01.000Z', retry_count: 0, error: null },
      { engine_id: 'w1', engine_type: 'actor', status: 'failed', timestamp: '2026-01-01T00:00:01.000Z', retry_count: 0, error: 'boom' },
      { engine_id: 'w2', engine_type: 'actor', status: 'processing', timestamp: '2026-01-01T00:00:02.000Z', retry_count: 1, error: null },
      { engine_id: 'w2', engine_type: 'actor', status: 'completed', timestamp: '2026-01-01T00:00:02.000Z', retry_count: 1, error: null },
    ]);
  });

  it('answers an event no task produced with no attempts', async () => {
    expect(await handlers['events.get']({ run_id: RUN, event_id: '1' })).toMatchObject({ seq: 1, processed_by_engines: [] });
  });

  it('is a 404 for an event that is not stored or not of the run, a 400 for a bad run id', async () => {
    await expect(handlers['events.get']({ run_id: RUN, event_id: '9' })).rejects.toMatchObject({ status: 404 });
    await expect(handlers['events.get']({ run_id: RUN, event_id: `${OTHER}:5` })).rejects.toBeInstanceOf(DomainError);
    await expect(handlers['events.get']({ run_id: 'nope', event_id: '5' })).rejects.toMatchObject({ status: 400 });
  });
});
