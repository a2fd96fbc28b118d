#!/usr/bin/env node
// Migrate-only entry for the k8s migrations Job (and `docker compose run migrate`): applies the
// pending database migrations with the persistence service's own code (@scrai/db runMigrations,
// under the same advisory lock) and exits. The persistence service itself has no migrate-only
// mode yet; with this Job in place its Deployment runs with SCRAI_DB_MIGRATE=false and refuses to
// start while the schema is behind.
import { closeDataSource, createDataSource, pendingMigrations, runMigrations } from '../libs/db/dist/index.js';
const { env } = process; // the only input: the container's environment

const url = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/scrai';
const deadline = Date.now() + Number(env.SCRAI_MIGRATE_WAIT_MS ?? 60_000);

let ds;
for (let attempt = 1; !ds; attempt++) {
  try {
    ds = await createDataSource({ url, applicationName: 'scrai-migrate' });
  } catch (e) {
    if (Date.now() >= deadline) {
      console.error(`migrate: cannot connect to Postgres: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, Math.min(2000, 250 * attempt)));
  }
}
try {
  const applied = await runMigrations(ds);
  const pending = await pendingMigrations(ds);
  console.log(JSON.stringify({ msg: 'migrations done', applied, pending }));
  process.exitCode = pending.length ? 1 : 0;
} catch (e) {
  console.error(`migrate: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await closeDataSource(ds);
}
