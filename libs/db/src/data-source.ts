import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

export type { DataSource };

export interface DataSourceOptions {
  /** postgres://user:password@host:5432/database */
  url: string;
  /** Log every SQL statement (debugging only). Default false. */
  logging?: boolean;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** Shown in pg_stat_activity. Default "scrai". */
  applicationName?: string;
  /** How long to wait for a connection from the server. Default 5000 ms. */
  connectTimeoutMs?: number;
}

export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Opens a connection pool to Postgres and checks that the server answers. The schema is never
 * synchronized from the entities: run `runMigrations` to bring it up to date.
 */
export async function createDataSource(o: DataSourceOptions): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url: o.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: o.logging ?? false,
    poolSize: o.poolSize ?? 10,
    applicationName: o.applicationName ?? 'scrai',
    connectTimeoutMS: o.connectTimeoutMs ?? 5000,
  });
  await ds.initialize();
  return ds;
}

/** Closes the pool; safe to call twice. */
export async function closeDataSource(ds: DataSource): Promise<void> {
  if (ds.isInitialized) await ds.destroy();
}

/** SELECT 1 with a deadline: the readiness check of a database connection. */
export async function pingDatabase(ds: DataSource, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ds.query('SELECT 1'), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
