import type { JetStreamClient, KV } from '@scrai/messaging';

const dec = new TextDecoder();

/**
 * An in-memory stand-in for the `runs` bucket with what RunStore uses: get, create and update with
 * JetStream's revision compare-and-set errors, put, keys; and the client's refusal of a value over
 * `maxPayload`. `failNextWrites` makes the next writes fail like a lost broker.
 */
export class FakeKv {
  private readonly entries = new Map<string, { value: Uint8Array; revision: number }>();
  private revision = 0;
  failNextWrites = 0;
  writes = 0;

  constructor(private readonly maxPayload = Number.POSITIVE_INFINITY) {}

  async get(key: string) {
    const e = this.entries.get(key);
    if (!e) return null;
    return { operation: 'PUT', value: e.value, revision: e.revision, json: () => JSON.parse(dec.decode(e.value)) };
  }

  async create(key: string, value: Uint8Array): Promise<number> {
    this.check(value);
    if (this.entries.has(key)) throw new Error('wrong last sequence: 1');
    return this.write(key, value);
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    this.check(value);
    if (this.entries.get(key)?.revision !== revision) throw new Error(`wrong last sequence: ${this.entries.get(key)?.revision ?? 0}`);
    return this.write(key, value);
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    this.check(value);
    return this.write(key, value);
  }

  async keys(filter: string) {
    const prefix = filter.replace(/>$/, '');
    const keys = [...this.entries.keys()].filter((k) => k.startsWith(prefix));
    return (async function* () {
      yield* keys;
    })();
  }

  /** The stored JSON of a key (test inspection). */
  raw(key: string): unknown {
    const e = this.entries.get(key);
    return e ? JSON.parse(dec.decode(e.value)) : undefined;
  }

  asKv(): KV {
    return this as unknown as KV;
  }

  private check(value: Uint8Array): void {
    if (this.failNextWrites > 0) {
      this.failNextWrites--;
      throw new Error('TIMEOUT');
    }
    if (value.length > this.maxPayload) throw new Error("'payload' max_payload size exceeded");
  }

  private write(key: string, value: Uint8Array): number {
    this.writes++;
    this.entries.set(key, { value, revision: ++this.revision });
    return this.revision;
  }
}

export interface Published {
  subject: string;
  msgID: string;
  body: string;
}

/**
 * A JetStream publisher that keeps what it was given, in order, and drops a repeated msgID as the
 * stream's duplicate window does. `failPublishes` makes publishes fail (a crash before the acks).
 */
export class FakeJetStream {
  readonly all: Published[] = [];
  private readonly ids = new Set<string>();
  failPublishes = false;

  async publish(subject: string, data: string, o: { msgID: string }) {
    if (this.failPublishes) throw new Error('connection closed');
    const id = `${subject.split('.')[1]}:${o.msgID}`; // one duplicate window per stream (evt, task, attempt)
    const duplicate = this.ids.has(id);
    if (!duplicate) {
      this.ids.add(id);
      this.all.push({ subject, msgID: o.msgID, body: data });
    }
    return { stream: 'FAKE', seq: this.all.length, duplicate };
  }

  /** Events and tasks (attempt records left out), in publish order. */
  get commands(): Published[] {
    return this.all.filter((p) => !p.subject.includes('.attempt.'));
  }

  asJs(): JetStreamClient {
    return this as unknown as JetStreamClient;
  }
}
