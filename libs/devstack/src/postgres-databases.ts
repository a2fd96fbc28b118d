import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseOf, redactUrl, withDatabase } from './postgres-url.js';

const DUPLICATE_DATABASE = '42P04';
const INVALID_CATALOG_NAME = '3D000';
const AUTH_ERRORS = new Set(['28P01', '28000']);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function pgCode(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

/** Runs `fn` with a connected client, translating connection failures into one-line errors. */
async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw describeConnectError(url, err);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function describeConnectError(url: string, err: unknown): Error {
  const code = pgCode(err);
  const message = (err as Error).message;
  if (code && AUTH_ERRORS.has(code)) {
    return Object.assign(
      new Error(`Postgres refused the login of ${redactUrl(url)} (${message}); set DATABASE_URL with valid credentials`, { cause: err }),
      { code },
    );
  }
  return Object.assign(new Error(`cannot connect to Postgres at ${redactUrl(url)}: ${message}`, { cause: err }), { code });
}

/**
 * Creates the database named in `url` when it does not exist yet, connecting to `adminUrl` for the
 * CREATE. Safe to race: a concurrent creator's duplicate-database error is ignored.
 */
export async function createDatabaseIfMissing(url: string, adminUrl: string): Promise<void> {
  const database = databaseOf(url);
  if (!database) throw new Error(`Postgres url ${redactUrl(url)} names no database`);
  try {
    await withClient(url, async () => {});
    return;
  } catch (err) {
    if (pgCode(err) !== INVALID_CATALOG_NAME) throw err;
  }
  await withClient(adminUrl, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
    } catch (err) {
      if (pgCode(err) !== DUPLICATE_DATABASE) {
        throw new Error(`cannot create database "${database}": ${(err as Error).message}`, { cause: err });
      }
    }
  });
}

/** Drops a database, ending its open connections (Postgres 13+). Missing databases are fine. */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  });
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates a uniquely named, empty database `<prefix>_<time>_<random>` for one test suite. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const cleanPrefix = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40) || 'scratch';
  const name = `${cleanPrefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  return { name, url: withDatabase(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

/** Whether a database of that name exists (queries pg_database through `adminUrl`). */
export async function databaseExists(adminUrl: string, database: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    return (r.rowCount ?? 0) > 0;
  });
}
