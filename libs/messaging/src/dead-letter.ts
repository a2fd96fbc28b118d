import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
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
} as const;

export interface DeadLetterInfo {
  reason: string;
  error: string;
  workerId: string;
  /** The run the message belongs to, if it could be read; used in the DLQ subject. */
  runId?: string;
}

/**
 * Copies a message to the DLQ stream with reason headers and waits for the broker's ack. The caller
 * terms the original only after this resolves: on a WorkQueue stream term() deletes the payload.
 * The msgID makes a repeated copy (e.g. after a crash) a no-op.
 */
export async function copyToDeadLetters(js: JetStreamClient, names: BrokerNames, m: JsMsg, info: DeadLetterInfo): Promise<void> {
  const h: MsgHdrs = natsHeaders();
  if (m.headers) {
    for (const [k, vs] of m.headers) {
      if (k.startsWith('Nats-')) continue;
      for (const v of vs) h.append(k, v);
    }
    const orig = m.headers.get('Nats-Msg-Id');
    if (orig) h.set(DLQ_HEADERS.originalMsgId, orig);
  }
  h.set(DLQ_HEADERS.reason, info.reason);
  h.set(DLQ_HEADERS.error, info.error.slice(0, 2000).replace(/[\r\n]+/g, ' '));
  h.set(DLQ_HEADERS.deliveries, String(m.info.deliveryCount));
  h.set(DLQ_HEADERS.originalSubject, m.subject);
  h.set(DLQ_HEADERS.stream, m.info.stream);
  h.set(DLQ_HEADERS.streamSeq, String(m.seq));
  h.set(DLQ_HEADERS.consumer, m.info.consumer);
  h.set(DLQ_HEADERS.failedAt, new Date().toISOString());
  h.set(DLQ_HEADERS.workerId, info.workerId);
  await js.publish(names.subjects.dlq(m.info.consumer, info.runId ?? 'unknown'), m.data, {
    headers: h,
    msgID: `dlq:${m.info.stream}:${m.seq}`,
  });
}
