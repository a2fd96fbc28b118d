import { z } from 'zod';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { BrokerNames } from '@scrai/contracts';
import type { Logger } from '@scrai/observability';
import { publishDeadLetter, sourceOfStored } from './dead-letter.js';
import { DEAD_LETTER_MOVER_MAX_DELIVER } from './topology.js';
import { startWorkLoop } from './work-loop.js';

export const MAX_DELIVERIES_ADVISORY = 'io.nats.jetstream.advisory.v1.max_deliver';
export const TERMINATED_ADVISORY = 'io.nats.jetstream.advisory.v1.terminated';

/** The fields of JetStream's MAX_DELIVERIES and MSG_TERMINATED advisories the mover reads. */
export const consumerAdvisorySchema = z.object({
  type: z.string(),
  stream: z.string(),
  consumer: z.string(),
  stream_seq: z.number().int().min(1),
  deliveries: z.number().int().min(0),
  /** MSG_TERMINATED only, and only from nats-server 2.10.4. */
  reason: z.string().optional(),
});
export type ConsumerAdvisory = z.infer<typeof consumerAdvisorySchema>;

/** A message the mover took out of its stream, for whoever waited for it (the run). */
export interface MovedLetter {
  stream: string;
  seq: number;
  subject: string;
  data: Uint8Array;
  consumer: string;
  deliveries: number;
  reason: 'max_deliveries';
  error: string;
}

export interface DeadLetterMoverOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: BrokerNames;
  log: Logger;
  /** Recorded as X-Dlq-Worker-Id on what it moves. */
  moverId: string;
  /** The run a message belongs to (its DLQ subject's last token). */
  runIdOf?(subject: string): string | undefined;
  /**
   * Called after the copy is stored and before the original is deleted: tell the run. Must be
   * idempotent (a crash before the delete repeats it).
   */
  notify?(letter: MovedLetter): Promise<void>;
  /** Advisories handled at once; default 4. */
  concurrency?: number;
}

export interface DeadLetterMover {
  /** Messages moved, terminations seen, advisories whose message was already gone. */
  readonly counts: Readonly<{ moved: number; terminated: number; already_gone: number }>;
  stop(): Promise<void>;
}

const isNoMessage = (e: unknown) => /no message found/i.test(String((e as Error)?.message ?? e));

/**
 * Moves max-delivered messages to the DLQ. JetStream keeps a message that used up its consumer's
 * max_deliver in a WorkQueue stream and says so with an advisory (on 2.9.10 only when the next pull
 * arrives). This is the only path for a task whose worker crashed or hung on its last delivery; a
 * living worker dead-letters by itself and term()s, which shows up here as MSG_TERMINATED (counted,
 * its payload is already gone). For each MAX_DELIVERIES advisory: read the message by sequence (gone:
 * moved already, done), copy it with reason headers (msgID `dlq:<stream>:<seq>`, so a repeated move or
 * the worker's own copy dedupes), notify, delete it. Idempotent: any number of replicas may run it.
 */
export async function startDeadLetterMover(o: DeadLetterMoverOptions): Promise<DeadLetterMover> {
  const counts = { moved: 0, terminated: 0, already_gone: 0 };
  const consumer = await o.js.consumers.get(o.names.streams.advisories, o.names.consumers.deadLetterMover);

  async function handle(a: ConsumerAdvisory, log: Logger): Promise<void> {
    const where = { stream: a.stream, stream_seq: a.stream_seq, consumer: a.consumer, deliveries: a.deliveries };
    if (a.type === TERMINATED_ADVISORY) {
      counts.terminated++;
      log.info({ ...where, reason: a.reason }, 'message terminated by its worker (copied to the dead-letter stream before term)');
      return;
    }
    if (a.type !== MAX_DELIVERIES_ADVISORY) {
      log.debug({ ...where, type: a.type }, 'advisory ignored');
      return;
    }
    const orig = await o.jsm.streams.getMessage(a.stream, { seq: a.stream_seq });
    if (!orig) {
      counts.already_gone++;
      log.debug(where, 'max-delivered message already gone (moved before, or settled late)');
      return;
    }
    const error = `delivered ${a.deliveries} times without being settled (its worker crashed, hung or lost the lock each time)`;
    const runId = o.runIdOf?.(orig.subject);
    await publishDeadLetter(o.js, o.names, sourceOfStored(orig, a.stream, a.consumer, a.deliveries), {
      reason: 'max_deliveries',
      error,
      workerId: o.moverId,
      runId,
    });
    await o.notify?.({ stream: a.stream, seq: a.stream_seq, subject: orig.subject, data: orig.data, consumer: a.consumer, deliveries: a.deliveries, reason: 'max_deliveries', error });
    try {
      await o.jsm.streams.deleteMessage(a.stream, a.stream_seq, false);
    } catch (e) {
      if (!isNoMessage(e)) throw e;
    }
    counts.moved++;
    log.warn({ ...where, subject: orig.subject, run_id: runId }, 'max-delivered message moved to the dead-letter stream');
  }

  const loop = startWorkLoop<ConsumerAdvisory>({
    js: o.js,
    names: o.names,
    consumer,
    schema: consumerAdvisorySchema,
    concurrency: o.concurrency ?? 4,
    policy: { maxDeliver: DEAD_LETTER_MOVER_MAX_DELIVER, initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2 },
    workingEveryMs: 10_000,
    workerId: o.moverId,
    log: o.log,
    handle: (a, ctx) => handle(a, ctx.log),
  });
  return { counts, stop: () => loop.stop() };
}
