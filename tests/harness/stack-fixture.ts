import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { createScratchDatabase, freePort, startStack, type Stack, type StackServiceSpec } from '@scrai/devstack';
import { ScraiClient } from '@scrai/sdk';
import pg from 'pg';
import { deleteNamespace, testNatsUrl, testPgAdminUrl, uniqueNamespace } from './test-namespace.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface StackFixture {
  stack: Stack;
  client: ScraiClient;
  baseUrl: string;
  grpcPort: number;
  namespace: string;
  databaseUrl: string;
  natsUrl: string;
  /** Rows of a SQL query against the stack's scratch database (one client, opened on first use). */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/**
 * The whole system as separate OS processes against the real nats-server and Postgres: its own
 * namespace, its own scratch database, free ports. close() stops the processes and removes both.
 */
export async function startStackFixture(o: { services?: StackServiceSpec[]; env?: Record<string, string>; name?: string; natsUrl?: string } = {}): Promise<StackFixture> {
  const namespace = uniqueNamespace(o.name ?? 'e2e');
  const stackDb = await createScratchDatabase(testPgAdminUrl(), 'scrai_e2e');
  const port = await freePort();
  const grpcPort = await freePort();
  const natsUrl = o.natsUrl ?? testNatsUrl();
  const logDir = `${repoRoot}/var/test-logs/${namespace}`;
  mkdirSync(logDir, { recursive: true });
  const stack = startStack({
    rootDir: repoRoot,
    env: {
      NATS_URL: natsUrl,
      DATABASE_URL: stackDb.url,
      SCRAI_NAMESPACE: namespace,
      PORT: String(port),
      HOST: '127.0.0.1',
      GRPC_PORT: String(grpcPort),
      LOG_LEVEL: 'info',
      SCRAI_MOCK_LATENCY: '0',
      ...o.env,
    },
    services: o.services,
    logDir,
    readyTimeoutMs: 60_000,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await stack.waitHealthy();
  } catch (e) {
    await stack.stop();
    await stackDb.drop().catch(() => undefined);
    throw new Error(`stack did not become healthy (logs in ${logDir}): ${e instanceof Error ? e.message : String(e)}`);
  }
  let db: Promise<pg.Client> | undefined;
  const dbClient = () =>
    (db ??= (async () => {
      const c = new pg.Client({ connectionString: stackDb.url });
      await c.connect();
      return c;
    })());
  return {
    stack,
    client: new ScraiClient({ baseUrl }),
    baseUrl,
    grpcPort,
    namespace,
    databaseUrl: stackDb.url,
    natsUrl,
    async query(text, params) {
      return (await (await dbClient()).query(text, params)).rows;
    },
    async close() {
      if (db) await (await db).end().catch(() => undefined);
      await stack.stop();
      await deleteNamespace(namespace, natsUrl).catch(() => undefined);
      await stackDb.drop().catch(() => undefined);
    },
  };
}
