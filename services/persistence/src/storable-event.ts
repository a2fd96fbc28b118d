import { eventIdOf, llmCallRecordSchema, RUN_EVENT_TYPES, runEventSchema, type RunEvent } from '@scrai/contracts';
import { z } from 'zod';

/**
 * An event the log can store: the envelope of contracts' runEventSchema whose id is
 * `${run_id}:${seq}` (the idempotency key) and whose `at` is a timestamp. Payloads are stored as
 * they come; the run summary reads them defensively.
 */
export const storableEventSchema = runEventSchema.superRefine((e, ctx) => {
  const expected = eventIdOf(e.run_id, e.seq);
  if (e.id !== expected) ctx.addIssue({ code: 'custom', path: ['id'], message: `must be "${expected}"` });
  if (Number.isNaN(Date.parse(e.at))) ctx.addIssue({ code: 'custom', path: ['at'], message: 'not an ISO-8601 timestamp' });
});

const UUID = z.regexes.uuid();
const EVENT_TYPES: ReadonlySet<string> = new Set(RUN_EVENT_TYPES);
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
/** A JSON object (not an array), without the own `__proto__` key that zod's record would drop. */
const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && !Object.hasOwn(v, '__proto__');

/**
 * The hot path's check of a decoded event: true only for values storableEventSchema accepts
 * unchanged (apart from dropping unknown envelope keys, which nothing downstream reads), so the
 * value can be used as it is instead of zod's copy. It may say false to a valid event; the caller
 * then asks the schema, which decides and names the bad fields.
 */
export function isStorableEvent(raw: unknown): raw is RunEvent {
  if (!isJsonObject(raw)) return false;
  const { id, run_id, seq, type, at, agent_id, task_seq, payload } = raw;
  return (
    typeof run_id === 'string' &&
    isSeq(seq) &&
    typeof id === 'string' &&
    id === eventIdOf(run_id, seq) &&
    UUID.test(run_id) &&
    typeof type === 'string' &&
    EVENT_TYPES.has(type) &&
    typeof at === 'string' &&
    !Number.isNaN(Date.parse(at)) &&
    (agent_id === null || typeof agent_id === 'string') &&
    (task_seq === undefined || task_seq === null || isSeq(task_seq)) &&
    isJsonObject(payload)
  );
}

export const storableLlmCallSchema = llmCallRecordSchema.superRefine((c, ctx) => {
  if (Number.isNaN(Date.parse(c.at))) ctx.addIssue({ code: 'custom', path: ['at'], message: 'not an ISO-8601 timestamp' });
});

/** `<ns>.evt.<runId>.<type>` and `<ns>.llmcall.<runId>`: the run id is the third token (read without split: once a message). */
export function runIdOfSubject(subject: string): string | undefined {
  const first = subject.indexOf('.');
  const second = first < 0 ? -1 : subject.indexOf('.', first + 1);
  if (second < 0) return undefined;
  const third = subject.indexOf('.', second + 1);
  return subject.slice(second + 1, third < 0 ? undefined : third);
}
