import { JetStreamApiError } from '@nats-io/jetstream';

const WRONG_LAST_SEQUENCE = 10071;
const WRONG_LAST_SEQUENCE_UNKNOWN = 10164;

/** Did a KV `update(key, value, revision)` or `create` lose a race ("wrong last sequence")? */
export function isCasConflict(e: unknown): boolean {
  if (e instanceof JetStreamApiError) return e.code === WRONG_LAST_SEQUENCE || e.code === WRONG_LAST_SEQUENCE_UNKNOWN;
  return e instanceof Error && /wrong last sequence/i.test(e.message);
}
