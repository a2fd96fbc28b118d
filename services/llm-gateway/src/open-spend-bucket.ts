import { Kvm, type KV } from '@nats-io/kv';

/** Longer than any run may last (timeout_seconds is at most 7 days), so a live run's spend never expires. */
const SPEND_TTL_MS = 8 * 24 * 3600 * 1000;

/** Opens (creating if needed) the run spend bucket every replica shares; one value per run. */
export function openSpendBucket(nc: ConstructorParameters<typeof Kvm>[0], name: string, replicas = 1): Promise<KV> {
  return new Kvm(nc).create(name, { history: 1, ttl: SPEND_TTL_MS, replicas });
}
