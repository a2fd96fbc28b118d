import { describe, expect, it } from '@jest/globals';
import type { EventPage, RunEvent, RunRecord, RunStatus } from '@scrai/contracts';
import type { QueryClient } from '../src/persistence/query-client.js';
import type { LiveRunEvents } from '../src/runs/live-run-events.js';
import { runEventFeed } from '../src/runs/run-event-feed.js';

const RUN = '00000000-0000-4000-8000-000000000001';
const ev = (seq: number, type: RunEvent['type'] = 'actor.turn'): RunEvent => ({
  id: `${RUN}:${seq}`,
  run_id: RUN,
  seq,
  type,
  at: '2030-01-01T00:00:00Z',
  agent_id: null,
  payload: {},
});
const run = (status: RunStatus): RunRecord => ({
  id: RUN,
  name: null,
  scenario_name: 's',
  status,
  seed: 1,
  turn_count: 0,
  event_count: 0,
  end_reason: null,
  error: null,
  created_at: '2030-01-01T00:00:00Z',
  started_at: null,
  ended_at: null,
});

/** Stored events served in pages like persistence does. */
function storedQueries(stored: RunEvent[], pages: Array<{ after: number; limit: number }>): QueryClient {
  return {
    query: async <T>(name: string, req: unknown) => {
      if (name !== 'events.list') throw new Error(`unexpected query ${name}`);
      const { after_seq, limit } = req as { after_seq: number; limit: number };
      pages.push({ after: after_seq, limit });
      const items = stored.filter((e) => e.seq > after_seq).slice(0, limit);
      const more = stored.some((e) => e.seq > (items.at(-1)?.seq ?? after_seq));
      return { items, next_after_seq: more ? items.at(-1)!.seq : null } satisfies EventPage<RunEvent> as T;
    },
  };
}

function liveOf(events: RunEvent[], follows: string[]): LiveRunEvents {
  return {
    async *follow(runId) {
      follows.push(runId);
      yield* events;
    },
  };
}

async function collect(it: AsyncIterable<RunEvent>): Promise<number[]> {
  const out: number[] = [];
  for await (const e of it) out.push(e.seq);
  return out;
}

describe('runEventFeed', () => {
  it('pages the stored events, then follows the live log without repeats, and ends after the terminal event', async () => {
    const pages: Array<{ after: number; limit: number }> = [];
    const follows: string[] = [];
    const feed = runEventFeed(
      { queries: storedQueries([1, 2, 3, 4, 5].map((s) => ev(s)), pages), live: liveOf([...[1, 2, 3, 4, 5, 6].map((s) => ev(s)), ev(7, 'run.completed'), ev(8)], follows), pageSize: 2 },
      run('running'),
      0,
      new AbortController().signal,
    );
    expect(await collect(feed.events)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pages.map((p) => p.after)).toEqual([0, 2, 4]);
    expect(follows).toEqual([RUN]);
  });

  it('starts after the requested seq', async () => {
    const feed = runEventFeed(
      { queries: storedQueries([1, 2, 3].map((s) => ev(s)), []), live: liveOf([ev(3), ev(4, 'run.stopped')], []) },
      run('running'),
      2,
      new AbortController().signal,
    );
    expect(await collect(feed.events)).toEqual([3, 4]);
  });

  it('does not follow the live log of a run that has already ended', async () => {
    const follows: string[] = [];
    const feed = runEventFeed(
      { queries: storedQueries([ev(1), ev(2)], []), live: liveOf([ev(3)], follows) },
      run('failed'),
      0,
      new AbortController().signal,
    );
    expect(await collect(feed.events)).toEqual([1, 2]);
    expect(follows).toEqual([]);
  });

  it('stops at a stored terminal event', async () => {
    const follows: string[] = [];
    const feed = runEventFeed(
      { queries: storedQueries([ev(1), ev(2, 'run.failed')], []), live: liveOf([], follows) },
      run('running'),
      0,
      new AbortController().signal,
    );
    expect(await collect(feed.events)).toEqual([1, 2]);
    expect(follows).toEqual([]);
  });

  it('offers the live token parts of a run still going, and none of an ended run', () => {
    const subscribed: string[] = [];
    const live: LiveRunEvents = {
      ...liveOf([], []),
      tokens(runId, onPart) {
        subscribed.push(runId);
        onPart({ run_id: runId, agent_id: 'a', request_id: 'r', index: 0, delta: 'Hi' });
        return () => subscribed.push(`closed ${runId}`);
      },
    };
    const deps = { queries: storedQueries([], []), live };
    expect(runEventFeed(deps, run('completed'), 0, new AbortController().signal).tokens).toBeUndefined();
    const parts: string[] = [];
    const stop = runEventFeed(deps, run('running'), 0, new AbortController().signal).tokens!((p) => parts.push(p.delta ?? ''));
    stop();
    expect(parts).toEqual(['Hi']);
    expect(subscribed).toEqual([RUN, `closed ${RUN}`]);
  });
});
