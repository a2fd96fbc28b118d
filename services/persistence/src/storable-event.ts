import { eventIdOf, llmCallRecordSchema, runEventSchema } from '@scrai/contracts';

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

export const storableLlmCallSchema = llmCallRecordSchema.superRefine((c, ctx) => {
  if (Number.isNaN(Date.parse(c.at))) ctx.addIssue({ code: 'custom', path: ['at'], message: 'not an ISO-8601 timestamp' });
});

/** `<ns>.evt.<runId>.<type>` and `<ns>.llmcall.<runId>`: the run id is the third token. */
export const runIdOfSubject = (subject: string): string | undefined => subject.split('.')[2];
