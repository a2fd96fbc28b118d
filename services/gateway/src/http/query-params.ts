import { z } from 'zod';
import { parseOrThrow } from '@scrai/contracts';

/** HTTP hands numbers over as strings: turn a plain integer string into a number, leave anything else for zod to reject. */
export function intParam(v: unknown): unknown {
  return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
}

const afterSeqSchema = z.number().int().min(0);

/**
 * Where an event stream resumes: the `Last-Event-ID` header (an EventSource reconnecting) wins over
 * `?after_seq=`; neither means from the start.
 */
export function resumeAfterSeq(lastEventId: string | undefined, afterSeq: unknown): number {
  if (lastEventId !== undefined && lastEventId !== '') {
    return parseOrThrow(z.object({ 'Last-Event-ID': afterSeqSchema }), { 'Last-Event-ID': intParam(lastEventId) }, 'headers')['Last-Event-ID'];
  }
  if (afterSeq === undefined || afterSeq === '') return 0;
  return parseOrThrow(z.object({ after_seq: afterSeqSchema }), { after_seq: intParam(afterSeq) }, 'query parameters').after_seq;
}
