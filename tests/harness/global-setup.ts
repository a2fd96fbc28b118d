// Jest loads this file outside its module system: imports resolve the Node way, so '@scrai/devstack'
// is the built package (dist/) and relative imports of other .ts files would not resolve.
import { ensureNats, ensurePostgres } from '@scrai/devstack';

/**
 * Makes sure NATS (with JetStream) and Postgres are up before the integration and e2e suites, and
 * hands their urls to the tests as SCRAI_TEST_NATS_URL and SCRAI_TEST_PG_ADMIN_URL. Existing
 * servers can be named with those variables (or NATS_URL / DATABASE_URL).
 */
export default async function globalSetup(_global: unknown, project: { rootDir: string }): Promise<void> {
  const log = (m: string) => process.stderr.write(`[test infra] ${m}\n`);
  const nats = await ensureNats({
    url: process.env.SCRAI_TEST_NATS_URL || process.env.NATS_URL || undefined,
    projectDir: project.rootDir,
    log,
  });
  const pg = await ensurePostgres({
    url: process.env.SCRAI_TEST_PG_ADMIN_URL || process.env.DATABASE_URL || undefined,
    database: 'scrai_test',
    log,
  });
  process.env.SCRAI_TEST_NATS_URL = nats.url;
  process.env.SCRAI_TEST_PG_ADMIN_URL = pg.adminUrl;
  // global-teardown runs in this same process and stops only what was started here.
  (globalThis as { __scraiTestInfraStops?: Array<() => Promise<void>> }).__scraiTestInfraStops = [nats.stop, pg.stop];
}
