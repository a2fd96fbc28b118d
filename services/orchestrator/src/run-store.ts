import type { KV } from '@scrai/messaging';
import { runSpecSchema, type RunSpec } from '@scrai/contracts';
import type { Command, RunState } from '@scrai/scenario-core';

/** What is stored per run: the state and the commands of the last decision (the outbox). */
export interface RunRecordInKv {
  state: RunState;
  outbox: Command[];
}

export interface Loaded {
  record: RunRecordInKv;
  revision: number;
}

const enc = new TextEncoder();
const stateKey = (runId: string) => `state.${runId}`;
const specKey = (runId: string) => `spec.${runId}`;

/** Run state in KV with revision compare-and-set; specs are immutable and cached. */
export class RunStore {
  private readonly specs = new Map<string, RunSpec>();

  constructor(
    private readonly kv: KV,
    private readonly specCacheSize: number,
  ) {}

  async load(runId: string): Promise<Loaded | null> {
    const e = await this.kv.get(stateKey(runId));
    if (!e || e.operation !== 'PUT' || e.value.length === 0) return null;
    return { record: e.json<RunRecordInKv>(), revision: e.revision };
  }

  /** Writes the record if the stored revision is still `revision` (null: must not exist). Throws on conflict. */
  async save(runId: string, record: RunRecordInKv, revision: number | null): Promise<number> {
    const data = enc.encode(JSON.stringify(record));
    return revision === null ? this.kv.create(stateKey(runId), data) : this.kv.update(stateKey(runId), data, revision);
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
      const rec = e.json<RunRecordInKv>();
      if (rec.state.status === 'running') yield rec.state;
    }
  }

  private remember(spec: RunSpec): void {
    this.specs.set(spec.run_id, spec);
    if (this.specs.size > this.specCacheSize) {
      const oldest = this.specs.keys().next().value;
      if (oldest !== undefined) this.specs.delete(oldest);
    }
  }
}

export const isCasConflict = (e: unknown): boolean => /wrong last sequence|key exists/i.test(String((e as Error)?.message ?? e));
