import type { EngineInstancesRepository } from '@scrai/db';
import { errorMessage, type KV, type KvEntry } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import { EngineRegistryTracker, type RegistryWrite, type StatusChange } from './engine-registry-tracker.js';

export type EngineRegistryRepository = Pick<EngineInstancesRepository, 'record' | 'markGone' | 'markStopped' | 'live'>;

export interface EngineRegistryWatcherOptions {
  /** The registry bucket (names.kv.engines). */
  kv: KV;
  repo: EngineRegistryRepository;
  log: Logger;
  /** Gone after this long without a heartbeat when an engine's interval is unknown (the bucket TTL). */
  defaultGoneAfterMs: number;
  /** How often the reaper looks for silent engines (and due writes are made). Default 1000. */
  reapEveryMs?: number;
  /** Unchanged heartbeats are written to Postgres at most this often per engine. Default 2000. */
  heartbeatWriteEveryMs?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
}

export interface EngineRegistryWatcher {
  /** Whether the KV watch is running. */
  readonly watching: boolean;
  /** Makes every write that is due now (tests, shutdown). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Follows the engine registry into Postgres. `kv.watch` replays every current key, then each change:
 * a PUT stamps the engine as seen (monotonic clock) and records its registration; a DEL is a graceful
 * stop. nats-server 2.9.10 emits nothing when the bucket TTL expires a key, so a reaper declares an
 * engine gone after 3 missed heartbeats. Engines the database still holds as alive are adopted at
 * start, so one that died while this service was down is declared gone too. A failed write is kept
 * and retried on the next tick.
 */
export async function startEngineRegistryWatcher(o: EngineRegistryWatcherOptions): Promise<EngineRegistryWatcher> {
  const now = o.now ?? (() => performance.now());
  const wallIso = () => new Date().toISOString();
  const log = o.log;
  const tracker = new EngineRegistryTracker({ defaultGoneAfterMs: o.defaultGoneAfterMs, heartbeatWriteEveryMs: o.heartbeatWriteEveryMs ?? 2000 });
  const badKeys = new Set<string>();
  let stopping = false;
  let watching = false;
  let iter: { stop(): void } | undefined;
  let flushing: Promise<void> | null = null;
  let again = false;
  let failing = false;

  tracker.adopt(await o.repo.live(), now(), wallIso());

  const logChange = (c: StatusChange, detail: Record<string, unknown> = {}) => {
    const fields = { engine_id: c.id, engine_type: c.engine_type, from: c.from, to: c.to, ...detail };
    if (c.to === 'gone' || c.to === 'degraded') log.warn(fields, `engine ${c.id} is ${c.to}`);
    else if (c.from === null && c.to !== 'stopped') log.info(fields, `engine ${c.id} registered (${c.to})`);
    else if (c.from !== null) log.info(fields, `engine ${c.id} is ${c.to}`);
  };

  const apply = async (w: RegistryWrite): Promise<void> => {
    if (w.kind === 'record') await o.repo.record(w.observation);
    else if (w.kind === 'gone') await o.repo.markGone(w.id, { revision: w.revision, at: w.at });
    else await o.repo.markStopped(w.id, { revision: w.revision, at: w.at });
  };

  const flushOnce = async () => {
    for (const w of tracker.dueWrites(now())) {
      try {
        await apply(w);
        tracker.written(w, now());
        if (failing) log.info('engine registry writes succeed again');
        failing = false;
      } catch (e) {
        if (!failing) log.warn({ err: errorMessage(e) }, 'could not record the engine registry in Postgres; retrying');
        failing = true;
        return;
      }
    }
  };

  const flush = (): Promise<void> => {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async () => {
      do {
        again = false;
        await flushOnce();
      } while (again && !failing);
    })().finally(() => (flushing = null));
    return flushing;
  };

  const onEntry = (e: KvEntry) => {
    if (e.operation === 'PUT') {
      let value: unknown;
      try {
        value = e.json();
      } catch {
        value = undefined;
      }
      const r = tracker.put(e.key, e.revision, value, now(), wallIso());
      if ('error' in r) {
        if (!badKeys.has(e.key)) log.warn({ key: e.key, err: r.error }, 'ignoring a registry entry that is not an engine registration');
        badKeys.add(e.key);
      } else if (r.change) logChange(r.change);
    } else {
      const change = tracker.removed(e.key, e.revision, e.created.toISOString(), now(), e.operation === 'DEL' ? 'stopped' : 'gone');
      if (change) logChange(change, { operation: e.operation });
    }
    void flush();
  };

  const watchLoop = async () => {
    while (!stopping) {
      try {
        const it = await o.kv.watch({ key: '>' });
        iter = it;
        watching = true;
        for await (const e of it) onEntry(e);
      } catch (e) {
        if (!stopping) log.warn({ err: errorMessage(e) }, 'engine registry watch failed; watching again');
      }
      watching = false;
      if (!stopping) await sleep(1000);
    }
  };
  const loop = watchLoop();

  const reaper = setInterval(() => {
    for (const c of tracker.reap(now(), wallIso())) logChange(c, { reason: 'missed heartbeats' });
    void flush();
  }, o.reapEveryMs ?? 1000);

  return {
    get watching() {
      return watching;
    },
    flush,
    async stop() {
      stopping = true;
      clearInterval(reaper);
      iter?.stop();
      await loop;
      await flush();
    },
  };
}
