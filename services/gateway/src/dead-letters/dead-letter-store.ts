import type { BrokerNames } from '@scrai/contracts';
import { republishDeadLetter, requeueHeaders, type JetStreamClient, type JetStreamManager, type StoredMsg } from '@scrai/messaging';

/** What the dead-letters API needs from the broker (a Map-backed fake in unit tests). */
export interface DeadLetterStore {
  /** The first message at or after `fromSeq` whose subject matches `subjectFilter` (wildcards allowed). */
  next(fromSeq: number, subjectFilter: string): Promise<StoredMsg | null>;
  get(seq: number): Promise<StoredMsg | null>;
  /** Republishes a dead letter to `subject` (headers: the original's, plus where it came from); resolves once stored. */
  requeue(m: StoredMsg, subject: string, count: number, msgID: string): Promise<void>;
  /** False when it was not there. */
  remove(seq: number): Promise<boolean>;
}

const isNoMessage = (e: unknown) => /no message found/i.test(String((e as Error)?.message ?? e));

/** The DLQ stream (Limits retention, allow_direct): browsed with direct gets by subject, never with a consumer. */
export function jetStreamDeadLetters(jsm: JetStreamManager, js: JetStreamClient, names: BrokerNames): DeadLetterStore {
  const stream = names.streams.dlq;
  return {
    next: (fromSeq, subjectFilter) => jsm.direct.getMessage(stream, { seq: Math.max(1, fromSeq), next_by_subj: subjectFilter }),
    get: (seq) => jsm.streams.getMessage(stream, { seq }),
    async requeue(m, subject, count, msgID) {
      await republishDeadLetter(js, subject, m.data, requeueHeaders(m.header, `${stream}:${m.seq}`, count), msgID);
    },
    async remove(seq) {
      try {
        return await jsm.streams.deleteMessage(stream, seq, false);
      } catch (e) {
        if (isNoMessage(e)) return false;
        throw e;
      }
    },
  };
}
