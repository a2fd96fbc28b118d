import { createDataSource, createRepositories, pendingMigrations, runMigrations, type DataSource } from '@scrai/db';
import type { Logger } from '@scrai/observability';
import type { PersistenceConfig } from './config.js';
import type { PersistenceState } from './persistence-state.js';
import type { ShippedTemplate } from './shipped-templates.js';

const redact = (url: string): string => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
};

/**
 * Connections the pool may open (lazily): a writing lane of each of the three streams, plus some
 * for the queries, so a burst of writes does not queue the queries behind it.
 */
const poolSizeOf = (config: PersistenceConfig): number => 3 * config.SCRAI_PERSIST_PARALLEL + 4;

async function connectWithRetry(url: string, poolSize: number, log: Logger, deadlineMs: number): Promise<DataSource> {
  const until = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await createDataSource({ url, poolSize, applicationName: 'scrai-persistence' });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (Date.now() >= until) throw new Error(`cannot connect to Postgres at ${redact(url)}: ${msg}`);
      log.warn({ attempt, err: msg }, 'Postgres not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, Math.min(2000, 250 * attempt)));
    }
  }
}

/**
 * Boot: connect (retrying for a while, Postgres may start after us), bring the schema up to date
 * (or check that it is, when migrations are left to someone else), then seed the shipped templates.
 */
export async function openDatabase(config: PersistenceConfig, shipped: readonly ShippedTemplate[], log: Logger): Promise<PersistenceState> {
  const ds = await connectWithRetry(config.DATABASE_URL, poolSizeOf(config), log, 30_000);
  try {
    let migrationsApplied: string[] = [];
    if (config.SCRAI_DB_MIGRATE) {
      migrationsApplied = await runMigrations(ds);
      if (migrationsApplied.length) log.info({ migrations: migrationsApplied }, 'migrations applied');
    } else {
      const pending = await pendingMigrations(ds);
      if (pending.length) {
        throw new Error(`database schema is behind (pending: ${pending.join(', ')}); apply the migrations or set SCRAI_DB_MIGRATE=true`);
      }
    }
    const repos = createRepositories(ds);
    const seeded = await repos.templates.seedIfMissing(shipped.map((t) => ({ kind: t.kind, name: t.name, body: t.body, source: 'shipped' as const })));
    const templatesSeeded = seeded.map((t) => `${t.kind}/${t.name}`);
    log.info({ shipped: shipped.length, seeded: templatesSeeded }, 'shipped templates seeded');
    return { ds, repos, migrationsApplied, templatesSeeded, templatesShipped: shipped.length };
  } catch (e) {
    await ds.destroy().catch(() => {});
    throw e;
  }
}
