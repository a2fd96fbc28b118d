import { headers as natsHeaders } from '@nats-io/transport-node';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';

export interface PublishJsonOptions {
  /** Deterministic id: a repeat inside the stream's duplicate window is dropped by the broker. */
  msgID: string;
  traceparent?: string;
  headers?: Record<string, string>;
}

export async function publishJson(js: JetStreamClient, subject: string, data: unknown, o: PublishJsonOptions): Promise<PubAck> {
  const h = natsHeaders();
  if (o.traceparent) h.set('traceparent', o.traceparent);
  for (const [k, v] of Object.entries(o.headers ?? {})) h.set(k, v);
  return js.publish(subject, JSON.stringify(data), { msgID: o.msgID, headers: h });
}
