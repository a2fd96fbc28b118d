import { issuesToDetails } from '@scrai/contracts';
import type { z } from 'zod';

export type Decoded<T> = { ok: true; data: T } | { ok: false; raw: unknown; error: string };

/** JSON-decodes a message body and validates it; the error names each bad field. */
export function decodeMessage<T>(schema: z.ZodType<T>, body: { json<U>(): U }): Decoded<T> {
  let raw: unknown;
  try {
    raw = body.json();
  } catch (e) {
    return { ok: false, raw: undefined, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, raw, error: `schema: ${issuesToDetails(r.error.issues).map((d) => `${d.path}: ${d.message}`).join('; ')}` };
}
