import { ENGINE_TYPES, type BrokerNames, type DeadLetter, type DeadLetterDetail } from '@scrai/contracts';
import { DLQ_HEADERS, type StoredMsg } from '@scrai/messaging';

const intOrNull = (v: string | undefined): number | null => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);

/** The message's own headers (the broker's Nats-* are left out), one string per name. */
export function headersOf(m: StoredMsg): Record<string, string> {
  const out: Record<string, string> = {};
  if (!m.header) return out;
  for (const [k, vs] of m.header) if (!k.startsWith('Nats-')) out[k] = vs.join(', ');
  return out;
}

function jsonOf(m: StoredMsg): unknown {
  try {
    return m.data.length ? m.json() : null;
  } catch {
    return null;
  }
}

/** A stored DLQ message as the API shows it; headers that are missing or odd read as null. */
export function deadLetterOf(m: StoredMsg, names: BrokerNames): DeadLetter {
  const h = (name: string): string | undefined => m.header?.get(name) || undefined;
  const consumer = h(DLQ_HEADERS.consumer) ?? null;
  const payload = jsonOf(m) as { run_id?: unknown; seq?: unknown } | null;
  const runToken = m.subject.split('.').at(-1);
  return {
    id: m.seq,
    subject: m.subject,
    reason: h(DLQ_HEADERS.reason) ?? 'unknown',
    error: h(DLQ_HEADERS.error) ?? '',
    deliveries: intOrNull(h(DLQ_HEADERS.deliveries)),
    original_subject: h(DLQ_HEADERS.originalSubject) ?? null,
    original_stream: h(DLQ_HEADERS.stream) ?? null,
    original_seq: intOrNull(h(DLQ_HEADERS.streamSeq)),
    original_msg_id: h(DLQ_HEADERS.originalMsgId) ?? null,
    consumer,
    engine_type: ENGINE_TYPES.find((t) => names.consumers.engine(t) === consumer) ?? null,
    run_id: typeof payload?.run_id === 'string' ? payload.run_id : runToken && runToken !== 'unknown' ? runToken : null,
    task_seq: typeof payload?.seq === 'number' && Number.isInteger(payload.seq) ? payload.seq : null,
    failed_at: h(DLQ_HEADERS.failedAt) ?? null,
    worker_id: h(DLQ_HEADERS.workerId) ?? null,
    requeue_count: intOrNull(h(DLQ_HEADERS.requeueCount)) ?? 0,
    stored_at: m.time.toISOString(),
    size_bytes: m.data.length,
  };
}

export function deadLetterDetailOf(m: StoredMsg, names: BrokerNames): DeadLetterDetail {
  return { ...deadLetterOf(m, names), headers: headersOf(m), payload: jsonOf(m), payload_text: new TextDecoder().decode(m.data) };
}

/** `reason` matches exactly, or as the part before ":" (`permanent` matches `permanent:invalid_output`). */
export const reasonMatches = (reason: string, wanted: string | undefined): boolean =>
  wanted === undefined || reason === wanted || reason.startsWith(`${wanted}:`);
