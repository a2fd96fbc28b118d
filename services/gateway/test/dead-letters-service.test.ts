import { describe, expect, it } from '@jest/globals';
import { brokerNames, DomainError, type RunRecord } from '@scrai/contracts';
import { DLQ_HEADERS, type StoredMsg } from '@scrai/messaging';
import type { QueryClient } from '../src/persistence/query-client.js';
import type { DeadLetterStore } from '../src/dead-letters/dead-letter-store.js';
import { DeadLettersService } from '../src/dead-letters/dead-letters-service.js';

const names = brokerNames('t');
const RUN_A = '00000000-0000-4000-8000-00000000000a';
const RUN_B = '00000000-0000-4000-8000-00000000000b';

/** Just enough of MsgHdrs for the view: get() and iteration. */
function hdrs(values: Record<string, string>): StoredMsg['header'] {
  const map = new Map(Object.entries(values).map(([k, v]) => [k, [v]]));
  return { get: (k: string) => map.get(k)?.[0] ?? '', [Symbol.iterator]: () => map.entries() } as unknown as StoredMsg['header'];
}

function letter(seq: number, engine: 'actor' | 'narrator', runId: string, reason: string, extra: Record<string, string> = {}): StoredMsg {
  const consumer = names.consumers.engine(engine);
  const data = new TextEncoder().encode(JSON.stringify({ run_id: runId, seq: seq + 100, kind: 'actor.turn' }));
  return {
    subject: names.subjects.dlq(consumer, runId),
    seq,
    header: hdrs({
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.error]: 'boom',
      [DLQ_HEADERS.deliveries]: '5',
      [DLQ_HEADERS.originalSubject]: names.subjects.task(engine, runId),
      [DLQ_HEADERS.stream]: names.streams.tasks,
      [DLQ_HEADERS.streamSeq]: String(seq * 10),
      [DLQ_HEADERS.consumer]: consumer,
      traceparent: '00-abc-def-01',
      ...extra,
    }),
    data,
    time: new Date('2026-01-01T00:00:00Z'),
    timestamp: '2026-01-01T00:00:00Z',
    lastSequence: 0,
    pending: -1,
    json: <T>() => JSON.parse(new TextDecoder().decode(data)) as T,
    string: () => new TextDecoder().decode(data),
  };
}

const matches = (filter: string, subject: string) => {
  const f = filter.split('.');
  const s = subject.split('.');
  return f.length === s.length && f.every((t, i) => t === '*' || t === s[i]);
};

function setup(runs: Record<string, RunRecord['status']> = {}) {
  const msgs = new Map<number, StoredMsg>(
    [
      letter(1, 'actor', RUN_A, 'max_deliveries'),
      letter(2, 'narrator', RUN_A, 'permanent:invalid_output'),
      letter(3, 'actor', RUN_B, 'undecodable'),
      letter(4, 'actor', RUN_A, 'permanent:content_filter', { [DLQ_HEADERS.requeueCount]: '2' }),
    ].map((m) => [m.seq, m]),
  );
  const requeued: Array<{ seq: number; subject: string; count: number; msgID: string }> = [];
  const store: DeadLetterStore = {
    next: async (from, filter) => [...msgs.values()].sort((a, b) => a.seq - b.seq).find((m) => m.seq >= from && matches(filter, m.subject)) ?? null,
    get: async (seq) => msgs.get(seq) ?? null,
    requeue: async (m, subject, count, msgID) => {
      requeued.push({ seq: m.seq, subject, count, msgID });
    },
    remove: async (seq) => msgs.delete(seq),
  };
  const queries: QueryClient = {
    query: async <T>(_name: string, req: unknown) => {
      const id = (req as { run_id: string }).run_id;
      if (!runs[id]) throw new DomainError(404, `run ${id} not found`);
      return { id, status: runs[id] } as T;
    },
  };
  return { svc: new DeadLettersService({ store, queries, names }), msgs, requeued };
}

describe('DeadLettersService', () => {
  it('lists in stream order, filtered by engine type and run (subject) and reason (exact or prefix)', async () => {
    const { svc } = setup();
    const ids = async (q: Record<string, unknown>) => (await svc.list(q)).items.map((i) => i.id);
    expect(await ids({})).toEqual([1, 2, 3, 4]);
    expect(await ids({ engine_type: 'actor' })).toEqual([1, 3, 4]);
    expect(await ids({ run_id: RUN_A, engine_type: 'actor' })).toEqual([1, 4]);
    expect(await ids({ reason: 'permanent' })).toEqual([2, 4]);
    expect(await ids({ reason: 'permanent:invalid_output' })).toEqual([2]);
    expect(await ids({ reason: 'perm' })).toEqual([]);
  });

  it('pages with limit and after_id', async () => {
    const { svc } = setup();
    const first = await svc.list({ limit: '2' });
    expect(first.items.map((i) => i.id)).toEqual([1, 2]);
    expect(first.next_after_id).toBe(2);
    const rest = await svc.list({ limit: '2', after_id: '2' });
    expect(rest.items.map((i) => i.id)).toEqual([3, 4]);
    const none = await svc.list({ after_id: '4' });
    expect(none).toEqual({ items: [], next_after_id: null });
  });

  it('shows what a dead letter is and where it came from', async () => {
    const { svc } = setup();
    const d = await svc.get('1');
    expect(d).toMatchObject({
      id: 1,
      reason: 'max_deliveries',
      error: 'boom',
      deliveries: 5,
      engine_type: 'actor',
      consumer: 'engine-actor',
      run_id: RUN_A,
      task_seq: 101,
      original_subject: names.subjects.task('actor', RUN_A),
      original_seq: 10,
      requeue_count: 0,
      payload: { run_id: RUN_A, seq: 101, kind: 'actor.turn' },
    });
    expect(d.headers.traceparent).toBe('00-abc-def-01');
  });

  it('rejects bad parameters with field paths and answers 404 for a missing id', async () => {
    const { svc } = setup();
    await expect(svc.list({ engine_type: 'robot' })).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ path: 'engine_type' })] });
    await expect(svc.list({ limit: '0' })).rejects.toMatchObject({ status: 400 });
    await expect(svc.get('abc')).rejects.toMatchObject({ status: 400 });
    await expect(svc.get('99')).rejects.toMatchObject({ status: 404 });
    await expect(svc.remove('99')).rejects.toMatchObject({ status: 404 });
  });

  it('requeues to the original subject under a fresh msgID and removes the dead letter', async () => {
    const { svc, msgs, requeued } = setup({ [RUN_A]: 'running' });
    expect(await svc.requeue('1', {})).toEqual({ id: 1, requeued_to: names.subjects.task('actor', RUN_A), msg_id: 'requeue:1:1' });
    expect(await svc.requeue('4', {})).toMatchObject({ msg_id: 'requeue:4:3' });
    expect(requeued.map((r) => r.count)).toEqual([1, 3]);
    expect(msgs.has(1)).toBe(false);
    await expect(svc.get('1')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses (409) to requeue a task of a run that has ended, unless forced; a run it does not know is not checked', async () => {
    const { svc, requeued } = setup({ [RUN_A]: 'failed' });
    await expect(svc.requeue('1', {})).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/already failed/) });
    expect(requeued).toEqual([]);
    expect(await svc.requeue('1', { force: 'true' })).toMatchObject({ id: 1 });
    expect(await svc.requeue('3', {})).toMatchObject({ id: 3 }); // RUN_B is unknown
    await expect(svc.requeue('2', { force: 'yes' })).rejects.toMatchObject({ status: 400 });
  });

  it('deletes', async () => {
    const { svc, msgs } = setup();
    await svc.remove('3');
    expect(msgs.has(3)).toBe(false);
  });
});
