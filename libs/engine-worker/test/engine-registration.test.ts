import { describe, expect, it } from '@jest/globals';
import { engineRegistrationSchema } from '@scrai/contracts';
import type { KV } from '@scrai/messaging';
import { createLogger } from '@scrai/observability';
import { EngineStats, registerEngine, registrationRecord, type EngineIdentity } from '../src/index.js';

const identity: EngineIdentity = {
  id: 'engine-actor-0',
  engineType: 'actor',
  version: '0.1.0',
  capabilities: { task_kinds: ['actor.turn'], max_concurrency: 2 },
  limits: { ack_wait_ms: 30_000, max_deliver: 5 },
  heartbeatMs: 50,
  startedAtMs: Date.UTC(2025, 0, 1),
};

/** A registry bucket in memory: create fails on a live key, like the real one. */
function fakeKv(initial: Record<string, string> = {}) {
  const store = new Map(Object.entries(initial));
  const ops: string[] = [];
  const kv = {
    async create(k: string, v: string) {
      ops.push(`create ${k}`);
      if (store.has(k)) throw new Error('wrong last sequence: 7');
      store.set(k, v);
      return 1;
    },
    async put(k: string, v: string) {
      ops.push(`put ${k}`);
      store.set(k, v);
      return 2;
    },
    async delete(k: string) {
      ops.push(`delete ${k}`);
      store.delete(k);
    },
  };
  return { kv: kv as unknown as KV, store, ops };
}

const log = createLogger({ service: 'engine-actor', instanceId: 'test', level: 'silent' });

describe('engine registration record', () => {
  it('is a valid registration with load, counts and status', () => {
    const stats = new EngineStats();
    stats.succeeded();
    stats.failedWith('boom');
    const rec = registrationRecord(identity, { wallMs: Date.UTC(2025, 0, 1, 0, 0, 5), inFlight: 2, stats });
    expect(engineRegistrationSchema.parse(rec)).toEqual({
      id: 'engine-actor-0',
      engine_type: 'actor',
      version: '0.1.0',
      capabilities: { task_kinds: ['actor.turn'], max_concurrency: 2 },
      limits: { ack_wait_ms: 30_000, max_deliver: 5 },
      heartbeat_ms: 50,
      started_at: '2025-01-01T00:00:00.000Z',
      heartbeat_at: '2025-01-01T00:00:05.000Z',
      load: { in_flight: 2 },
      processed: 1,
      failed: 1,
      last_error: 'boom',
      status: 'degraded', // both slots taken
    });
  });
});

describe('registerEngine', () => {
  it('creates its key, heartbeats with put and deletes the key on stop', async () => {
    const { kv, store, ops } = fakeKv();
    let inFlight = 0;
    const h = await registerEngine({ ...identity, kv, stats: new EngineStats(), inFlight: () => inFlight, log });
    expect(h.key).toBe('actor.engine-actor-0');
    expect(ops).toEqual(['create actor.engine-actor-0']);
    inFlight = 1;
    await h.heartbeat();
    expect(JSON.parse(store.get(h.key)!)).toMatchObject({ load: { in_flight: 1 }, status: 'healthy' });
    await new Promise((r) => setTimeout(r, 130));
    expect(ops.filter((o) => o.startsWith('put')).length).toBeGreaterThanOrEqual(2);
    await h.stop();
    expect(ops.at(-1)).toBe('delete actor.engine-actor-0');
    expect(store.has(h.key)).toBe(false);
    const puts = ops.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(ops.length).toBe(puts); // no heartbeat after stop
  });

  it('takes over a key that is still alive (a restart under the same id)', async () => {
    const { kv, store, ops } = fakeKv({ 'actor.engine-actor-0': '{"old":true}' });
    const h = await registerEngine({ ...identity, kv, stats: new EngineStats(), inFlight: () => 0, log });
    expect(ops).toEqual(['create actor.engine-actor-0', 'put actor.engine-actor-0']);
    expect(JSON.parse(store.get(h.key)!)).toMatchObject({ id: 'engine-actor-0', status: 'healthy' });
    await h.stop();
  });

  it('refuses an id that cannot be a registry key', async () => {
    const { kv } = fakeKv();
    await expect(registerEngine({ ...identity, id: 'has space', kv, stats: new EngineStats(), inFlight: () => 0, log })).rejects.toThrow(/registry key/);
  });
});
