import type { Command, RunState } from '@scrai/scenario-core';
import { compactOutbox, expandOutbox, type StoredCommand } from './compact-outbox.js';

/** What is kept per run: the state and the commands of the last decision (the outbox). */
export interface RunRecordInKv {
  state: RunState;
  outbox: Command[];
}

/**
 * The record as written to KV. Format 2 stores the outbox compact (compact-outbox.ts); a record
 * without `v` is the format before it (the outbox in full), still read so runs stored by an older
 * orchestrator carry on.
 */
type StoredRunRecord = { v: 2; state: RunState; outbox: StoredCommand[] } | { v?: undefined; state: RunState; outbox: Command[] };

const enc = new TextEncoder();

/** The bytes stored for a record (format 2). */
export function encodeRunRecord(record: RunRecordInKv): Uint8Array {
  const stored: StoredRunRecord = { v: 2, state: record.state, outbox: compactOutbox(record.outbox) };
  return enc.encode(JSON.stringify(stored));
}

/** A stored record (either format), parsed, back to the state and the outbox in full. */
export function decodeRunRecord(raw: unknown): RunRecordInKv {
  const r = raw as StoredRunRecord;
  if (r.v === 2) return { state: r.state, outbox: expandOutbox(r.outbox) };
  if (r.v === undefined) return { state: r.state, outbox: r.outbox ?? [] };
  throw new Error(`run record of unknown format ${String((r as { v: unknown }).v)} (written by a newer orchestrator?)`);
}
