import { Kvm, type KV } from '@nats-io/kv';

/** Opens (creating if needed) the cache bucket every replica shares; one value per key, no TTL. */
export function openCacheBucket(nc: ConstructorParameters<typeof Kvm>[0], name: string, replicas = 1): Promise<KV> {
  return new Kvm(nc).create(name, { history: 1, replicas });
}
