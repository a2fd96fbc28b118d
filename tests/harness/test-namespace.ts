import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

/** A namespace of its own for one suite, so suites share the nats-server without seeing each other. */
export const uniqueNamespace = (prefix = 't'): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export const testNatsUrl = (): string => process.env.SCRAI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const testPgAdminUrl = (): string => process.env.SCRAI_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Deletes every stream (and so every KV bucket) of a namespace. */
export async function deleteNamespace(namespace: string, natsUrl = testNatsUrl()): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const prefixes = [`${namespace.toUpperCase().replace(/-/g, '_')}_`, `KV_${namespace}-`];
    const doomed: string[] = [];
    for await (const s of jsm.streams.list()) if (prefixes.some((p) => s.config.name.startsWith(p))) doomed.push(s.config.name);
    for (const name of doomed) await jsm.streams.delete(name).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
