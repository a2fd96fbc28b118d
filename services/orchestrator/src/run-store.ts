import type { KV } from '@scrai/messaging';
import { runSpecSchema, type RunSpec } from '@scrai/contracts';
import type { RunState } from '@scrai/scenario-core';
import { decodeRunRecord, encodeRunRecord, type RunRecordInKv } from './run-record.js';
import { isPayloadTooLarge, RunRecordTooLarge } from './record-size-limit.js';

export type { RunRecordInKv } from './run-record.js';

export interface Loaded {
  record: RunRecordInKv;
  revision: number;
}

export interface RunStoreOptions {
  specCacheSize: number;
  /** The largest record written (record-size-limit.ts), asked at each write: the broker's limit may change on reconnect. */
  maxRecordBytes(): number;
}

const enc = new TextEncoder();
const stateKey = (runId: string) => `state.${runId}`;
const specKey = (runId: string) => `spec.${runId}`;

/** Run state in KV with revision compare-and-set; specs are immutable and cached. */
export class RunStore {
  private readonly specs = new Map<string, RunSpec>();

  constructor(
    private readonly kv: KV,
    private readonly o: RunStoreOptions,
  ) {}

  /** The largest record written now, in bytes. */
  get recordLimit(): number {
    return this.o.maxRecordBytes();
  }

  async load(runId: string): Promise<Loaded | null> {
    const e = await this.kv.get(stateKey(runId));
    if (!e || e.operation !== 'PUT' || e.value.length === 0) return null;
    return { record: decodeRunRecord(e.json()), revision: e.revision };
  }

  /**
   * Writes the record if the stored revision is still `revision` (null: must not exist). Throws on
   * a conflict (isCasConflict), and RunRecordTooLarge when the record is over the limit or the
   * broker refused it for its size (nothing was written then).
   */
  async save(runId: string, record: RunRecordInKv, revision: number | null): Promise<number> {
    const data = encodeRunRecord(record);
    const limit = this.o.maxRecordBytes();
    if (data.length > limit) throw new RunRecordTooLarge(data.length, limit);
    try {
      return await (revision === null ? this.kv.create(stateKey(runId), data) : this.kv.update(stateKey(runId), data, revision));
    } catch (e) {
      if (isPayloadTooLarge(e)) throw new RunRecordTooLarge(data.length, limit, true);
      throw e;
    }
  }

  async putSpec(spec: RunSpec): Promise<void> {
    await this.kv.put(specKey(spec.run_id), enc.encode(JSON.stringify(spec)));
    this.remember(spec);
  }

  async spec(runId: string): Promise<RunSpec | undefined> {
    const cached = this.specs.get(runId);
    if (cached) return cached;
    const e = await this.kv.get(specKey(runId));
    if (!e || e.operation !== 'PUT' || e.value.length === 0) return undefined;
    const spec = runSpecSchema.parse(e.json());
    this.remember(spec);
    return spec;
  }

  /** Runs whose state says running (at boot, to re-arm their deadlines). */
  async *runningStates(): AsyncGenerator<RunState> {
    const keys = await this.kv.keys('state.>');
    for await (const k of keys) {
      const e = await this.kv.get(k);
      if (!e || e.operation !== 'PUT' || e.value.length === 0) continue;
      const state = e.json<{ state: RunState }>().state; // the same place in both record formats
      if (state.status === 'running') yield state;
    }
  }

  private remember(spec: RunSpec): void {
    this.specs.set(spec.run_id, spec);
    if (this.specs.size > this.o.specCacheSize) {
      const oldest = this.specs.keys().next().value;
      if (oldest !== undefined) this.specs.delete(oldest);
    }
  }
}

export const isCasConflict = (e: unknown): boolean => /wrong last sequence|key exists/i.test(String((e as Error)?.message ?? e));
