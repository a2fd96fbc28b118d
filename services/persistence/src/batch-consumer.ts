import type { BrokerNames } from '@scrai/contracts';
import { copyToDeadLetters, errorMessage, type Consumer, type JetStreamClient, type JsMsg } from '@scrai/messaging';
import type { Logger, TraceSpan, Tracing } from '@scrai/observability';
import type { z } from 'zod';
import { applyIsolating } from './apply-isolating.js';
import { decodeMessage } from './decode-message.js';
import { startWriteLanes } from './write-lanes.js';

export interface BatchConsumerOptions<T> {
  /** For log lines: "events", "llm_calls". */
  name: string;
  js: JetStreamClient;
  names: BrokerNames;
  consumer: Consumer;
  schema: z.ZodType<T>;
  /** Optional fast check that says yes only to values `schema` accepts unchanged (see decodeMessage). */
  accepts?: (raw: unknown) => raw is T;
  /**
   * Writes a batch in one transaction; resolves once it is committed. `bodyOf` gives the message
   * body of an item that is exactly that body's JSON (see `accepts`), so it can be stored without
   * serialising the item again; undefined for the others.
   */
  apply(items: T[], bodyOf: (item: T) => Uint8Array | undefined): Promise<void>;
  /** Whether a write failed because of the data (isolate and dead-letter) rather than the database. */
  isDataError(e: unknown): boolean;
  batchSize: number;
  /**
   * Batches written at the same time, each on its own connection. Messages are spread over that
   * many lanes by the run id in their subject; one lane writes its batches one after the other.
   */
  parallel: number;
  /** How long a batch waits for more messages after its first. */
  lingerMs: number;
  /** Delay of the redelivery of a batch whose write failed. */
  retryDelayMs: number;
  /** Lifetime of one pull request; the minimum the client accepts is 1000 ms. */
  fetchExpiresMs: number;
  workerId: string;
  log: Logger;
  runIdOf(subject: string, item: unknown): string | undefined;
  /** With tracing on, each written message gets a span (child of its `traceparent`) covering its batch's write. */
  tracing?: Tracing;
}

export interface BatchConsumer {
  stop(): Promise<void>;
}

/** The span of one message's write: child of the message's traceparent (the publisher's span). */
function writeSpan(tracing: Tracing, name: string, m: JsMsg, batchSize: number): TraceSpan {
  return tracing.startSpan(`persistence write ${name}`, {
    parent: m.headers?.get('traceparent') || undefined,
    kind: 'consumer',
    attributes: { 'messaging.destination': m.subject, 'scrai.batch_size': batchSize },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads a durable pull consumer and writes its messages to the database in batches, up to
 * `parallel` batches at once (write-lanes: a run's messages stay in order), while reading goes on.
 * What happens to every message is decided here, in `settle`:
 * - undecodable: copied to the dead-letter stream (reason "undecodable"), then terminated;
 * - written: acked after the commit (a redelivered one is a no-op for the idempotent writer);
 * - refused by the database on its own: dead-lettered (reason "rejected_by_database");
 * - not written because the database failed: nak'ed with a delay, so the whole batch comes back.
 */
export function startBatchConsumer<T>(o: BatchConsumerOptions<T>): BatchConsumer {
  let stopping = false;
  let current: { stop(err?: Error): void } | null = null;

  async function deadLetter(m: JsMsg, reason: string, error: string, runId: string | undefined): Promise<void> {
    try {
      await copyToDeadLetters(o.js, o.names, m, { reason, error, workerId: o.workerId, runId });
      m.term();
      o.log.warn({ consumer: o.name, subject: m.subject, stream_seq: m.seq, reason, error, run_id: runId }, 'message dead-lettered');
    } catch (e) {
      m.nak(o.retryDelayMs);
      o.log.error({ consumer: o.name, subject: m.subject, err: errorMessage(e) }, 'could not dead-letter a message; it will come back');
    }
  }

  async function settle(batch: JsMsg[]): Promise<void> {
    const good: Array<{ m: JsMsg; data: T }> = [];
    const bodies = new Map<T, Uint8Array>();
    for (const m of batch) {
      const d = decodeMessage(o.schema, m, o.accepts);
      if (d.ok) {
        good.push({ m, data: d.data });
        if (d.exact) bodies.set(d.data, m.data);
      } else await deadLetter(m, 'undecodable', d.error, o.runIdOf(m.subject, d.raw));
    }
    const bodyOf = (item: T) => bodies.get(item);
    const spans = o.tracing?.enabled ? new Map(good.map((g) => [g.m, writeSpan(o.tracing!, o.name, g.m, good.length)])) : null;
    const r = await applyIsolating(good, (part) => o.apply(part.map((g) => g.data), bodyOf), o.isDataError);
    for (const g of r.applied) g.m.ack();
    if (spans) {
      for (const { item } of r.rejected) spans.get(item.m)?.fail('rejected by the database');
      for (const g of r.retry?.items ?? []) spans.get(g.m)?.fail('database write failed; redelivered');
      for (const span of spans.values()) span.end();
    }
    for (const { item, error } of r.rejected) {
      await deadLetter(item.m, 'rejected_by_database', errorMessage(error), o.runIdOf(item.m.subject, item.data));
    }
    if (r.retry) {
      for (const g of r.retry.items) g.m.nak(o.retryDelayMs);
      o.log.warn({ consumer: o.name, messages: r.retry.items.length, err: errorMessage(r.retry.error) }, 'database write failed; batch will be redelivered');
    }
  }

  const lanes = startWriteLanes<JsMsg>({
    lanes: o.parallel,
    maxBatch: o.batchSize,
    lingerMs: o.lingerMs,
    // bounds the messages read but not yet being written (their ack_wait is running)
    maxQueued: o.parallel * o.batchSize,
    write: async (batch) => {
      try {
        await settle(batch);
      } catch (e) {
        o.log.error({ consumer: o.name, err: errorMessage(e) }, 'could not settle a batch; it will be redelivered');
      }
    },
  });
  /** Messages of one run share a lane, so each run's messages are written in the order they were read. */
  const laneKeyOf = (m: JsMsg): string => o.runIdOf(m.subject, undefined) ?? m.subject;

  // Reading never waits for a write: it stops only while the lanes' queues are full.
  const loop = (async () => {
    while (!stopping) {
      try {
        await lanes.room();
        if (stopping) break;
        const messages = await o.consumer.fetch({ max_messages: o.batchSize, expires: o.fetchExpiresMs });
        current = messages;
        for await (const m of messages) {
          if (!lanes.push(laneKeyOf(m), m)) await lanes.room();
        }
      } catch (e) {
        if (stopping) break;
        o.log.warn({ consumer: o.name, err: errorMessage(e) }, 'pull failed; retrying');
        await sleep(500);
      } finally {
        current = null;
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      current?.stop();
      await loop;
      await lanes.close();
    },
  };
}
