import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';

/**
 * Opens (creating if needed) the KV bucket that holds the rate limits; every replica opens the same
 * name. One value per key is enough: history would only keep old bucket states.
 */
export function openLimitsBucket(nc: NatsConnection, name: string, replicas = 1): Promise<KV> {
  return new Kvm(nc).create(name, { history: 1, replicas });
}
