import {
  engineRegistrationSchema,
  MISSED_HEARTBEATS_GONE,
  parseEngineRegistryKey,
  type EngineInstanceStatus,
  type EngineRegistration,
  type EngineType,
} from '@scrai/contracts';
import type { EngineObservation, LiveEngineRow } from '@scrai/db';

/** A database write the tracker wants made; the latest state of an engine wins over older ones. */
export type RegistryWrite =
  | { kind: 'record'; id: string; observation: EngineObservation }
  | { kind: 'gone'; id: string; revision: number; at: string }
  | { kind: 'stopped'; id: string; revision: number; at: string };

/** A change of an engine's status, for the log. */
export interface StatusChange {
  id: string;
  engine_type: EngineType;
  from: EngineInstanceStatus | null;
  to: EngineInstanceStatus;
}

export interface TrackerOptions {
  /** Declared gone after this long without a heartbeat when the engine's own interval is unknown. */
  defaultGoneAfterMs: number;
  /** A heartbeat that changes nothing but counts is written at most this often per engine. */
  heartbeatWriteEveryMs: number;
}

interface Tracked {
  id: string;
  engineType: EngineType;
  registration: EngineRegistration | null;
  status: EngineInstanceStatus;
  /** KV revision of the last entry seen for the key. */
  revision: number;
  /** Monotonic time of the last PUT (or of the adoption). */
  lastSeen: number;
  goneAfterMs: number;
  /** Wall-clock time the change that made it dirty was observed (first_seen_at, status_changed_at). */
  seenAt: string;
  stoppedAt: string | null;
  /** Monotonic time from which a write is due; null when the row is up to date. */
  dueAt: number | null;
  lastWrittenAt: number | null;
  everWritten: boolean;
}

const LIVE: ReadonlySet<EngineInstanceStatus> = new Set(['healthy', 'degraded']);

/**
 * The registry watcher's memory, without I/O: it is fed KV entries and clock readings and says what
 * to write to Postgres. On nats-server 2.9.10 a TTL expiry emits no watch event, so liveness is a
 * monotonic last-seen stamp per engine and `reap` declares an engine gone after 3 missed heartbeats.
 * A deleted key is a graceful stop. Any PUT revives an engine.
 */
export class EngineRegistryTracker {
  private readonly engines = new Map<string, Tracked>();

  constructor(private readonly o: TrackerOptions) {}

  /** Engines the database still records as alive: watched like the others until they heartbeat or are reaped. */
  adopt(rows: readonly LiveEngineRow[], now: number, wallIso: string): void {
    for (const r of rows) {
      if (this.engines.has(r.id)) continue;
      this.engines.set(r.id, {
        id: r.id,
        engineType: r.engine_type,
        registration: null,
        status: r.status,
        revision: r.revision,
        lastSeen: now,
        goneAfterMs: r.heartbeat_ms ? MISSED_HEARTBEATS_GONE * r.heartbeat_ms : this.o.defaultGoneAfterMs,
        seenAt: wallIso,
        stoppedAt: null,
        dueAt: null,
        lastWrittenAt: now,
        everWritten: true,
      });
    }
  }

  /** A PUT of `key` at `revision`. Returns the status change, or an error for a value that is not a registration. */
  put(key: string, revision: number, value: unknown, now: number, wallIso: string): { change: StatusChange | null } | { error: string } {
    const k = parseEngineRegistryKey(key);
    if (!k) return { error: `not an engine key` };
    const parsed = engineRegistrationSchema.safeParse(value);
    if (!parsed.success) return { error: `not a registration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
    const reg = parsed.data;
    if (reg.id !== k.id || reg.engine_type !== k.engine_type) return { error: `registration of ${reg.engine_type}/${reg.id} under another key` };

    const t = this.engines.get(reg.id);
    if (t && revision <= t.revision && t.registration) return { change: null }; // replayed or out of date
    const from = t?.status ?? null;
    const restarted = t?.registration != null && t.registration.started_at !== reg.started_at;
    const changed = from !== reg.status || restarted || !t?.everWritten;
    const next: Tracked = {
      id: reg.id,
      engineType: reg.engine_type,
      registration: reg,
      status: reg.status,
      revision,
      lastSeen: now,
      goneAfterMs: MISSED_HEARTBEATS_GONE * reg.heartbeat_ms,
      seenAt: changed ? wallIso : (t?.seenAt ?? wallIso),
      stoppedAt: null,
      dueAt: changed ? now : this.heartbeatDue(t, now),
      lastWrittenAt: t?.lastWrittenAt ?? null,
      everWritten: t?.everWritten ?? false,
    };
    this.engines.set(reg.id, next);
    return { change: from !== reg.status ? { id: reg.id, engine_type: reg.engine_type, from, to: reg.status } : null };
  }

  /**
   * The key was removed at `revision`, stamped by the server at `atIso`: a DEL is a graceful stop
   * (`stopped`); a PURGE (a TTL marker on nats-server 2.11+) means the engine is `gone`.
   */
  removed(key: string, revision: number, atIso: string, now: number, status: 'stopped' | 'gone'): StatusChange | null {
    const k = parseEngineRegistryKey(key);
    if (!k) return null;
    const t = this.engines.get(k.id);
    if (t && revision <= t.revision) return null;
    const from = t?.status ?? null;
    this.engines.set(k.id, {
      id: k.id,
      engineType: k.engine_type,
      registration: t?.registration ?? null,
      status,
      revision,
      lastSeen: t?.lastSeen ?? now,
      goneAfterMs: t?.goneAfterMs ?? this.o.defaultGoneAfterMs,
      seenAt: atIso,
      stoppedAt: atIso,
      dueAt: now,
      lastWrittenAt: t?.lastWrittenAt ?? null,
      everWritten: t?.everWritten ?? false,
    });
    return from === status ? null : { id: k.id, engine_type: k.engine_type, from, to: status };
  }

  /** Declares gone every live engine not seen for 3 of its heartbeats. */
  reap(now: number, wallIso: string): StatusChange[] {
    const out: StatusChange[] = [];
    for (const t of this.engines.values()) {
      if (!LIVE.has(t.status) || now - t.lastSeen <= t.goneAfterMs) continue;
      out.push({ id: t.id, engine_type: t.engineType, from: t.status, to: 'gone' });
      t.status = 'gone';
      t.seenAt = wallIso;
      t.stoppedAt = wallIso;
      t.dueAt = now;
    }
    return out;
  }

  /** The writes due now, one per engine. */
  dueWrites(now: number): RegistryWrite[] {
    const out: RegistryWrite[] = [];
    for (const t of this.engines.values()) {
      if (t.dueAt === null || t.dueAt > now) continue;
      const w = this.writeOf(t);
      if (w) out.push(w);
      else t.dueAt = null;
    }
    return out;
  }

  /**
   * The write was made (or refused because the row is newer): the engine is up to date unless it
   * changed meanwhile. Stopped and gone engines are forgotten once written.
   */
  written(w: RegistryWrite, now: number): void {
    const t = this.engines.get(w.id);
    if (!t) return;
    if (JSON.stringify(this.writeOf(t)) !== JSON.stringify(w)) return; // changed while the write was in flight
    t.dueAt = null;
    t.lastWrittenAt = now;
    t.everWritten = true;
    if (!LIVE.has(t.status)) this.engines.delete(t.id);
  }

  /** What the tracker currently believes (for logs and tests). */
  statusOf(id: string): EngineInstanceStatus | undefined {
    return this.engines.get(id)?.status;
  }

  get size(): number {
    return this.engines.size;
  }

  private heartbeatDue(t: Tracked | undefined, now: number): number {
    if (t?.dueAt != null) return t.dueAt;
    return t?.lastWrittenAt != null ? t.lastWrittenAt + this.o.heartbeatWriteEveryMs : now;
  }

  /**
   * A live engine's row is upserted from its registration. A stopped one too (the DEL's revision is
   * newer than any PUT), so an engine that started and stopped between two writes still gets a row.
   * Gone is a conditional update (a newer heartbeat recorded by another watcher wins), unless the
   * row was never written. Without a registration (adopted at boot, or a DEL replayed after a
   * restart) only the status can change.
   */
  private writeOf(t: Tracked): RegistryWrite | null {
    const live = LIVE.has(t.status);
    if (t.registration && (live || t.status === 'stopped' || !t.everWritten)) {
      const registration = live ? t.registration : { ...t.registration, load: { in_flight: 0 } };
      return {
        kind: 'record',
        id: t.id,
        observation: { registration, status: t.status, revision: t.revision, seenAt: t.seenAt, stoppedAt: t.stoppedAt },
      };
    }
    if (t.status === 'gone') return { kind: 'gone', id: t.id, revision: t.revision, at: t.stoppedAt ?? t.seenAt };
    if (t.status === 'stopped') return { kind: 'stopped', id: t.id, revision: t.revision, at: t.stoppedAt ?? t.seenAt };
    return null;
  }
}
