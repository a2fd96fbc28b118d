import { issuesToDetails } from '@scrai/contracts';
import type { z } from 'zod';

/** `exact`: data is the body's JSON as parsed (accepted by the fast check), not the schema's copy. */
export type Decoded<T> = { ok: true; data: T; exact: boolean } | { ok: false; raw: unknown; error: string };

/**
 * JSON-decodes a message body and validates it; the error names each bad field. `accepts`, when
 * given, is a faster check that only says yes to values the schema accepts as they are: those are
 * used without running the schema (no copy); anything else goes to the schema, which decides.
 */
export function decodeMessage<T>(schema: z.ZodType<T>, body: { json<U>(): U }, accepts?: (raw: unknown) => raw is T): Decoded<T> {
  let raw: unknown;
  try {
    raw = body.json();
  } catch (e) {
    return { ok: false, raw: undefined, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (accepts?.(raw)) return { ok: true, data: raw, exact: true };
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, data: r.data, exact: false };
  return { ok: false, raw, error: `schema: ${issuesToDetails(r.error.issues).map((d) => `${d.path}: ${d.message}`).join('; ')}` };
}
