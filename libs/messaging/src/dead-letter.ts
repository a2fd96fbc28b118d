import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { JetStreamClient, JsMsg, PubAck, StoredMsg } from '@nats-io/jetstream';
import type { BrokerNames } from '@scrai/contracts';

/** Header names on a dead letter; they say why it is there and where it came from. */
export const DLQ_HEADERS = {
  reason: 'X-Dlq-Reason',
  error: 'X-Dlq-Error',
  deliveries: 'X-Dlq-Deliveries',
  originalSubject: 'X-Dlq-Original-Subject',
  stream: 'X-Dlq-Stream',
  streamSeq: 'X-Dlq-Stream-Seq',
  consumer: 'X-Dlq-Consumer',
  failedAt: 'X-Dlq-Failed-At',
  workerId: 'X-Dlq-Worker-Id',
  originalMsgId: 'X-Original-Msg-Id',
  /** On a requeued message: `<DLQ stream>:<seq>` it came from, and how many times it was requeued. */
  requeuedFrom: 'X-Requeued-From',
  requeueCount: 'X-Requeue-Count',
} as const;

export interface DeadLetterInfo {
  reason: string;
  error: string;
  /** Who dead-lettered it: the worker, or the dead-letter mover. */
  workerId: string;
  /** The run the message belongs to, if it could be read; used in the DLQ subject. */
  runId?: string;
}

/** The message being dead-lettered and where it was: from a delivery (JsMsg) or read back by sequence (StoredMsg). */
export interface DeadLetterSource {
  subject: string;
  data: Uint8Array;
  headers: MsgHdrs | undefined;
  stream: string;
  seq: number;
  consumer: string;
  deliveries: number;
}

export const sourceOfDelivery = (m: JsMsg): DeadLetterSource => ({
  subject: m.subject,
  data: m.data,
  headers: m.headers,
  stream: m.info.stream,
  seq: m.seq,
  consumer: m.info.consumer,
  deliveries: m.info.deliveryCount,
});

export const sourceOfStored = (m: StoredMsg, stream: string, consumer: string, deliveries: number): DeadLetterSource => ({
  subject: m.subject,
  data: m.data,
  headers: m.header,
  stream,
  seq: m.seq,
  consumer,
  deliveries,
});

/** The one msgID of a dead letter: the worker's copy and the mover's copy of one message dedupe. */
export const deadLetterMsgId = (stream: string, seq: number): string => `dlq:${stream}:${seq}`;

/** The dead letter's headers: the original's own (trace context etc., never Nats-*), then the X-Dlq-* set. */
export function deadLetterHeaders(src: DeadLetterSource, info: DeadLetterInfo, now: Date = new Date()): MsgHdrs {
  const h: MsgHdrs = natsHeaders();
  if (src.headers) {
    for (const [k, vs] of src.headers) {
      if (k.startsWith('Nats-')) continue;
      for (const v of vs) h.append(k, v);
    }
    const orig = src.headers.get('Nats-Msg-Id');
    if (orig) h.set(DLQ_HEADERS.originalMsgId, orig);
  }
  h.set(DLQ_HEADERS.reason, info.reason);
  h.set(DLQ_HEADERS.error, info.error.slice(0, 2000).replace(/[\r\n]+/g, ' '));
  h.set(DLQ_HEADERS.deliveries, String(src.deliveries));
  h.set(DLQ_HEADERS.originalSubject, src.subject);
  h.set(DLQ_HEADERS.stream, src.stream);
  h.set(DLQ_HEADERS.streamSeq, String(src.seq));
  h.set(DLQ_HEADERS.consumer, src.consumer);
  h.set(DLQ_HEADERS.failedAt, now.toISOString());
  h.set(DLQ_HEADERS.workerId, info.workerId);
  return h;
}

/**
 * Copies a message to the DLQ stream with reason headers and waits for the broker's ack. The caller
 * removes the original only after this resolves (on a WorkQueue stream term() deletes the payload).
 * The msgID makes a repeated copy (after a crash, or by the worker and the mover) a no-op.
 */
export async function publishDeadLetter(js: JetStreamClient, names: BrokerNames, src: DeadLetterSource, info: DeadLetterInfo): Promise<PubAck> {
  return js.publish(names.subjects.dlq(src.consumer, info.runId ?? 'unknown'), src.data, {
    headers: deadLetterHeaders(src, info),
    msgID: deadLetterMsgId(src.stream, src.seq),
  });
}

/** The worker-side copy of a delivery it is about to term(). */
export async function copyToDeadLetters(js: JetStreamClient, names: BrokerNames, m: JsMsg, info: DeadLetterInfo): Promise<void> {
  await publishDeadLetter(js, names, sourceOfDelivery(m), info);
}

/**
 * Headers of a requeued dead letter: the original's own (trace context...), neither the broker's
 * (Nats-*) nor the DLQ's (X-Dlq-*, the original msgID), plus where it came from and how often it was
 * requeued (kept if it is dead-lettered again).
 */
export function requeueHeaders(dead: MsgHdrs | undefined, from: string, count: number): MsgHdrs {
  const h: MsgHdrs = natsHeaders();
  const dropped = new Set<string>([DLQ_HEADERS.originalMsgId, DLQ_HEADERS.requeuedFrom, DLQ_HEADERS.requeueCount]);
  if (dead) {
    for (const [k, vs] of dead) {
      if (k.startsWith('Nats-') || k.startsWith('X-Dlq-') || dropped.has(k)) continue;
      for (const v of vs) h.append(k, v);
    }
  }
  h.set(DLQ_HEADERS.requeuedFrom, from);
  h.set(DLQ_HEADERS.requeueCount, String(count));
  return h;
}

/** Publishes a dead letter's payload back to its original subject (a fresh msgID: the original one would be deduped). */
export function republishDeadLetter(js: JetStreamClient, subject: string, data: Uint8Array, headers: MsgHdrs, msgID: string): Promise<PubAck> {
  return js.publish(subject, data, { headers, msgID });
}
