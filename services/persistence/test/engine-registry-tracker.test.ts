import { describe, expect, it } from '@jest/globals';
import type { EngineRegistration } from '@scrai/contracts';
import { EngineRegistryTracker, type RegistryWrite } from '../src/engine-registry-tracker.js';

const T0 = '2025-01-01T00:00:00.000Z';

function reg(over: Partial<EngineRegistration> = {}): EngineRegistration {
  return {
    id: 'engine-actor-0',
    engine_type: 'actor',
    version: '0.1.0',
    capabilities: { task_kinds: ['actor.turn'], max_concurrency: 4 },
    limits: { ack_wait_ms: 30_000, max_deliver: 5 },
    heartbeat_ms: 100,
    started_at: T0,
    heartbeat_at: T0,
    load: { in_flight: 0 },
    processed: 0,
    failed: 0,
    last_error: null,
    status: 'healthy',
    ...over,
  };
}

const KEY = 'actor.engine-actor-0';
const tracker = () => new EngineRegistryTracker({ defaultGoneAfterMs: 1000, heartbeatWriteEveryMs: 500 });

/** Applies every due write as if the database took it. */
function drain(t: EngineRegistryTracker, now: number): RegistryWrite[] {
  const ws = t.dueWrites(now);
  for (const w of ws) t.written(w, now);
  return ws;
}

describe('engine registry tracker', () => {
  it('records the first PUT at once, with the time it was first seen', () => {
    const t = tracker();
    expect(t.put(KEY, 1, reg(), 0, 'seen-1')).toEqual({ change: { id: 'engine-actor-0', engine_type: 'actor', from: null, to: 'healthy' } });
    const [w] = drain(t, 0);
    expect(w).toMatchObject({ kind: 'record', id: 'engine-actor-0', observation: { status: 'healthy', revision: 1, seenAt: 'seen-1', stoppedAt: null } });
  });

  it('writes unchanged heartbeats at most every heartbeatWriteEveryMs, status changes at once', () => {
    const t = tracker();
    t.put(KEY, 1, reg(), 0, 's');
    drain(t, 0);
    t.put(KEY, 2, reg({ processed: 1 }), 100, 's');
    expect(t.dueWrites(100)).toEqual([]);
    t.put(KEY, 3, reg({ processed: 2 }), 200, 's');
    expect(drain(t, 500)).toMatchObject([{ kind: 'record', observation: { revision: 3, registration: { processed: 2 } } }]);
    t.put(KEY, 4, reg({ status: 'degraded' }), 550, 'deg');
    expect(drain(t, 550)).toMatchObject([{ kind: 'record', observation: { status: 'degraded', seenAt: 'deg' } }]);
  });

  it('ignores replayed and out-of-date entries', () => {
    const t = tracker();
    t.put(KEY, 5, reg(), 0, 's');
    drain(t, 0);
    expect(t.put(KEY, 5, reg(), 10, 's')).toEqual({ change: null });
    expect(t.put(KEY, 3, reg({ status: 'degraded' }), 10, 's')).toEqual({ change: null });
    expect(t.statusOf('engine-actor-0')).toBe('healthy');
  });

  it('declares an engine gone after 3 missed heartbeats (no event comes on TTL expiry)', () => {
    const t = tracker();
    t.put(KEY, 1, reg({ heartbeat_ms: 100 }), 0, 's');
    drain(t, 0);
    expect(t.reap(300, 'r')).toEqual([]);
    expect(t.reap(301, 'gone-at')).toEqual([{ id: 'engine-actor-0', engine_type: 'actor', from: 'healthy', to: 'gone' }]);
    expect(drain(t, 301)).toEqual([{ kind: 'gone', id: 'engine-actor-0', revision: 1, at: 'gone-at' }]);
    expect(t.size).toBe(0);
    expect(t.reap(10_000, 'r')).toEqual([]);
  });

  it('revives a gone engine that heartbeats again', () => {
    const t = tracker();
    t.put(KEY, 1, reg(), 0, 's');
    drain(t, 0);
    t.reap(1000, 'r');
    drain(t, 1000);
    expect(t.put(KEY, 9, reg(), 1100, 'back')).toEqual({ change: { id: 'engine-actor-0', engine_type: 'actor', from: null, to: 'healthy' } });
    expect(drain(t, 1100)).toMatchObject([{ kind: 'record', observation: { status: 'healthy', revision: 9 } }]);
  });

  it('records a DEL as a graceful stop with the server time, load cleared', () => {
    const t = tracker();
    t.put(KEY, 1, reg({ load: { in_flight: 2 } }), 0, 's');
    drain(t, 0);
    expect(t.removed(KEY, 2, 'del-at', 50, 'stopped')).toEqual({ id: 'engine-actor-0', engine_type: 'actor', from: 'healthy', to: 'stopped' });
    expect(drain(t, 50)).toMatchObject([
      { kind: 'record', observation: { status: 'stopped', revision: 2, stoppedAt: 'del-at', registration: { load: { in_flight: 0 } } } },
    ]);
    expect(t.reap(10_000, 'r')).toEqual([]);
  });

  it('still writes a row for an engine that started and stopped between two writes', () => {
    const t = tracker();
    t.put(KEY, 1, reg(), 0, 's');
    t.removed(KEY, 2, 'del-at', 1, 'stopped');
    expect(drain(t, 1)).toMatchObject([{ kind: 'record', observation: { status: 'stopped', revision: 2 } }]);
  });

  it('marks a replayed DEL of an unknown key stopped by id only', () => {
    const t = tracker();
    expect(t.removed(KEY, 7, 'del-at', 0, 'stopped')).toEqual({ id: 'engine-actor-0', engine_type: 'actor', from: null, to: 'stopped' });
    expect(drain(t, 0)).toEqual([{ kind: 'stopped', id: 'engine-actor-0', revision: 7, at: 'del-at' }]);
  });

  it('treats a PURGE (TTL marker on newer servers) as gone', () => {
    const t = tracker();
    t.put(KEY, 1, reg(), 0, 's');
    drain(t, 0);
    t.removed(KEY, 2, 'purge-at', 10, 'gone');
    expect(drain(t, 10)).toEqual([{ kind: 'gone', id: 'engine-actor-0', revision: 2, at: 'purge-at' }]);
  });

  it('adopts engines the database holds as alive and reaps those that never heartbeat', () => {
    const t = tracker();
    t.adopt(
      [
        { id: 'engine-actor-0', engine_type: 'actor', status: 'healthy', heartbeat_ms: 100, revision: 4 },
        { id: 'engine-narrator-0', engine_type: 'narrator', status: 'degraded', heartbeat_ms: null, revision: 5 },
      ],
      0,
      'boot',
    );
    expect(t.dueWrites(0)).toEqual([]);
    expect(t.reap(250, 'r')).toEqual([]);
    t.put(KEY, 4, reg(), 250, 's'); // the replay of the entry the row came from keeps it alive
    expect(t.dueWrites(250)).toEqual([]); // nothing new to write
    t.put(KEY, 6, reg(), 900, 's');
    expect(t.reap(1001, 'r2').map((c) => c.id)).toEqual(['engine-narrator-0']);
    expect(drain(t, 1001)).toContainEqual({ kind: 'gone', id: 'engine-narrator-0', revision: 5, at: 'r2' });
  });

  it('keeps a write due when the engine changed while it was in flight', () => {
    const t = tracker();
    t.put(KEY, 1, reg(), 0, 's');
    const [w] = t.dueWrites(0);
    t.put(KEY, 2, reg({ status: 'degraded' }), 1, 'd');
    t.written(w!, 2);
    expect(t.dueWrites(2)).toMatchObject([{ observation: { revision: 2, status: 'degraded' } }]);
  });

  it('rejects values that are not registrations of their key', () => {
    const t = tracker();
    expect(t.put('actor.x', 1, { nope: 1 }, 0, 's')).toMatchObject({ error: expect.stringMatching(/not a registration/) });
    expect(t.put('robot.x', 1, reg(), 0, 's')).toEqual({ error: 'not an engine key' });
    expect(t.put('narrator.engine-actor-0', 1, reg(), 0, 's')).toMatchObject({ error: expect.stringMatching(/another key/) });
    expect(t.size).toBe(0);
  });
});
