import type { z } from 'zod';
import { DomainError } from './api-error.js';
import { issuesToDetails } from './validation-issues.js';

/** Validates input at a service edge; a failure becomes a 400 DomainError with field paths. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new DomainError(400, `invalid ${what}`, issuesToDetails(r.error.issues));
}
