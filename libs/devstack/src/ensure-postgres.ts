import { aptInstall, canAptInstall } from './apt-install.js';
import {
  controlMainCluster,
  hasDebianClusterTools,
  mainClusterVersion,
  trustLocalConnections,
} from './debian-postgres-cluster.js';
import { silentLog, type DevstackLog } from './devstack-log.js';
import { createDatabaseIfMissing } from './postgres-databases.js';
import { databaseOf, redactUrl, withDatabase } from './postgres-url.js';
import { isPortOpen, waitForPort } from './tcp-probe.js';

export interface EnsurePostgresOptions {
  /** Use this server. If the url names a database, that one is used; otherwise `database`. */
  url?: string;
  /** Database to use (created when missing). */
  database: string;
  log?: DevstackLog;
  /** How long to wait for a cluster we started to accept connections. Default 30 s. */
  startTimeoutMs?: number;
}

export interface EnsuredPostgres {
  /** Points at the application database. */
  url: string;
  /** Same server, database `postgres`: for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** true when this call started the local cluster; stop() only stops such a cluster. */
  startedByUs: boolean;
  stop(): Promise<void>;
}

const LOCAL_HOST = '127.0.0.1';
const LOCAL_PORT = 5432;
const LOCAL_ADMIN_URL = `postgres://postgres@${LOCAL_HOST}:${LOCAL_PORT}/postgres`;
const ADMIN_DATABASE = 'postgres';
const HOW_TO = 'install postgresql (e.g. apt-get install postgresql) or set DATABASE_URL';

/** Finds, or starts, a Postgres server and makes sure the application database exists. */
export async function ensurePostgres(opts: EnsurePostgresOptions): Promise<EnsuredPostgres> {
  const log = opts.log ?? silentLog;
  let baseUrl = LOCAL_ADMIN_URL;
  let stop = async () => {};
  let startedByUs = false;
  if (opts.url) {
    baseUrl = opts.url;
  } else if (await isPortOpen(LOCAL_HOST, LOCAL_PORT)) {
    log(`using Postgres already running at ${LOCAL_HOST}:${LOCAL_PORT}`);
  } else {
    const version = await startLocalCluster(opts.startTimeoutMs ?? 30_000, log);
    startedByUs = true;
    stop = () => controlMainCluster(version, 'stop', log);
  }
  const database = (opts.url && databaseOf(opts.url)) || opts.database;
  const url = withDatabase(baseUrl, database);
  const adminUrl = withDatabase(baseUrl, ADMIN_DATABASE);
  await createDatabaseIfMissing(url, adminUrl);
  log(`using Postgres database ${redactUrl(url)}`);
  return { url, adminUrl, startedByUs, stop };
}

/** Starts (installing first when allowed) the Debian `main` cluster; returns its version. */
async function startLocalCluster(timeoutMs: number, log: DevstackLog): Promise<string> {
  let version = (await hasDebianClusterTools()) ? mainClusterVersion() : undefined;
  if (!version) {
    if (!(await canAptInstall())) throw new Error(`no Postgres at ${LOCAL_HOST}:${LOCAL_PORT}: ${HOW_TO}`);
    log('Postgres not found; installing it with apt-get');
    await aptInstall('postgresql', log);
    version = mainClusterVersion();
    if (!version) throw new Error(`apt-get installed postgresql but no cluster exists under /etc/postgresql: ${HOW_TO}`);
    trustLocalConnections(version, log);
    // apt may already have started the cluster (with the old pg_hba.conf): reload if so.
    if (await isPortOpen(LOCAL_HOST, LOCAL_PORT)) await controlMainCluster(version, 'reload', log);
  }
  await controlMainCluster(version, 'start', log);
  try {
    await waitForPort({ host: LOCAL_HOST, port: LOCAL_PORT, timeoutMs });
  } catch (err) {
    throw new Error(`Postgres ${version}/main was started but ${(err as Error).message}; see /var/log/postgresql/`, { cause: err });
  }
  return version;
}
