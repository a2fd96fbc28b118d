import {
  engineRegistryKey,
  isoTime,
  type EngineCapabilities,
  type EngineLimits,
  type EngineLiveStatus,
  type EngineRegistration,
  type EngineType,
} from '@scrai/contracts';
import { errorMessage, type KV } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import { engineStatusOf, type EngineStats } from './engine-stats.js';

export interface EngineIdentity {
  id: string;
  engineType: EngineType;
  version: string;
  capabilities: EngineCapabilities;
  limits: EngineLimits;
  heartbeatMs: number;
  /** Wall-clock milliseconds of the process start. */
  startedAtMs: number;
}

export interface EngineRegistrationOptions extends EngineIdentity {
  /** The registry bucket (names.kv.engines, opened with openBuckets). */
  kv: KV;
  stats: EngineStats;
  /** Tasks in hand right now. */
  inFlight(): number;
  log: Logger;
  /** Wall-clock milliseconds (default Date.now); recorded as heartbeat_at. */
  wallNow?: () => number;
}

export interface EngineRegistrationHandle {
  readonly key: string;
  /** Writes the current record now (the timer does this every heartbeatMs). */
  heartbeat(): Promise<void>;
  /** Stops heartbeating and deletes the key: watchers see the graceful stop. */
  stop(): Promise<void>;
}

/** The record an engine writes under its key: identity, load, counts and its own status. */
export function registrationRecord(id: EngineIdentity, now: { wallMs: number; inFlight: number; stats: EngineStats }): EngineRegistration {
  return {
    id: id.id,
    engine_type: id.engineType,
    version: id.version,
    capabilities: id.capabilities,
    limits: id.limits,
    heartbeat_ms: id.heartbeatMs,
    started_at: isoTime(id.startedAtMs),
    heartbeat_at: isoTime(now.wallMs),
    load: { in_flight: now.inFlight },
    processed: now.stats.processed,
    failed: now.stats.failed,
    last_error: now.stats.lastError,
    status: engineStatusOf({ inFlight: now.inFlight, maxConcurrency: id.capabilities.max_concurrency, recent: now.stats.recent() }),
  };
}

const isWrongLastSequence = (e: unknown) => /wrong last sequence/i.test(errorMessage(e));

/**
 * Registers the engine in the KV registry and keeps the registration alive. `create` detects a
 * duplicate id: a process restarted under the same SCRAI_INSTANCE_ID finds its old key still alive
 * and takes it over with `put`. A failed write is logged and retried at the next heartbeat; the
 * bucket TTL removes the key of a worker that stops heartbeating.
 */
export async function registerEngine(o: EngineRegistrationOptions): Promise<EngineRegistrationHandle> {
  const key = engineRegistryKey(o.engineType, o.id);
  const wallNow = o.wallNow ?? Date.now;
  const log = o.log.child({ registry_key: key });
  let lastStatus: EngineLiveStatus | undefined;
  let stopped = false;
  let writing: Promise<void> = Promise.resolve();

  const current = () => {
    const rec = registrationRecord(o, { wallMs: wallNow(), inFlight: o.inFlight(), stats: o.stats });
    if (lastStatus !== undefined && rec.status !== lastStatus) {
      log[rec.status === 'degraded' ? 'warn' : 'info'](
        { status: rec.status, in_flight: rec.load.in_flight, failed: rec.failed, last_error: rec.last_error },
        `engine is ${rec.status}`,
      );
    }
    lastStatus = rec.status;
    return JSON.stringify(rec);
  };

  try {
    await o.kv.create(key, current());
    log.info({ heartbeat_ms: o.heartbeatMs }, 'engine registered');
  } catch (e) {
    if (isWrongLastSequence(e)) {
      log.warn('an engine with this id is still registered (a restart under the same SCRAI_INSTANCE_ID?); taking its key over');
    } else {
      log.warn({ err: errorMessage(e) }, 'could not register; retrying with the heartbeat');
    }
    await o.kv.put(key, current()).catch((e2: unknown) => log.warn({ err: errorMessage(e2) }, 'registration put failed; the next heartbeat retries'));
  }

  const heartbeat = (): Promise<void> => {
    writing = writing.then(async () => {
      if (stopped) return;
      try {
        await o.kv.put(key, current());
      } catch (e) {
        log.warn({ err: errorMessage(e) }, 'heartbeat failed');
      }
    });
    return writing;
  };

  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // a slow put: skip a beat rather than queue them up
    busy = true;
    void heartbeat().finally(() => (busy = false));
  }, o.heartbeatMs);
  timer.unref();

  return {
    key,
    heartbeat,
    async stop() {
      clearInterval(timer);
      stopped = true;
      await writing;
      try {
        await o.kv.delete(key);
        log.info('engine deregistered');
      } catch (e) {
        log.warn({ err: errorMessage(e) }, 'could not deregister; the registry will declare the engine gone');
      }
    },
  };
}
