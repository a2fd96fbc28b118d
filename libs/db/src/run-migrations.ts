import { MigrationExecutor, type DataSource } from 'typeorm';

/**
 * Key of the session-level advisory lock that serializes migrations. Replicas booting at the same
 * time queue on it: the first applies the pending migrations, the others then find none.
 */
export const MIGRATION_LOCK_KEY = 7_243_517_001;

/**
 * Applies pending migrations (each in its own transaction) while holding the advisory lock on the
 * same connection. Returns the names of the migrations applied by this call.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(ds, qr);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await qr.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await qr.release();
  }
}

/** Names of the migrations this build knows that the database has not applied yet. */
export async function pendingMigrations(ds: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(ds).getPendingMigrations();
  return pending.map((m) => m.name);
}
