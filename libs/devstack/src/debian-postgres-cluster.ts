import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, runCommand } from './command-run.js';
import type { DevstackLog } from './devstack-log.js';
import { findExecutable } from './find-executable.js';

const CONFIG_ROOT = '/etc/postgresql';
const CLUSTER = 'main';
const TRUST_LINES = ['host all all 127.0.0.1/32 trust', 'host all all ::1/128 trust'];

/** Whether Debian's postgresql-common tooling is installed. */
export async function hasDebianClusterTools(): Promise<boolean> {
  const ctl = await findExecutable('pg_ctlcluster', ['/usr/bin/pg_ctlcluster']);
  const ls = await findExecutable('pg_lsclusters', ['/usr/bin/pg_lsclusters']);
  return ctl !== undefined && ls !== undefined;
}

/** Newest Postgres major version that has a `main` cluster configured under /etc/postgresql. */
export function mainClusterVersion(): string | undefined {
  if (!existsSync(CONFIG_ROOT)) return undefined;
  const versions = readdirSync(CONFIG_ROOT)
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(CONFIG_ROOT, v, CLUSTER)))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0];
}

/** `pg_ctlcluster <version> main <action>`; "already running" counts as success for start. */
export async function controlMainCluster(version: string, action: 'start' | 'stop' | 'reload', log: DevstackLog): Promise<void> {
  log(`pg_ctlcluster ${version} ${CLUSTER} ${action}`);
  const r = await runCommand('pg_ctlcluster', ['--skip-systemctl-redirect', version, CLUSTER, action]);
  if (r.code === 0) return;
  if (action === 'start' && /already running/i.test(r.output)) return;
  throw new Error(`pg_ctlcluster ${version} ${CLUSTER} ${action} failed: ${lastLine(r.output)}`);
}

/**
 * Lets local TCP clients in without a password (trust), as a freshly installed development cluster
 * needs for `postgres://postgres@127.0.0.1:5432`. Only call it for a cluster devstack installed.
 */
export function trustLocalConnections(version: string, log: DevstackLog): void {
  const file = join(CONFIG_ROOT, version, CLUSTER, 'pg_hba.conf');
  const current = readFileSync(file, 'utf8');
  if (current.split('\n').some((l) => l.trim() === TRUST_LINES[0])) return;
  log(`allowing passwordless local TCP logins in ${file}`);
  writeFileSync(file, `# added by @scrai/devstack\n${TRUST_LINES.join('\n')}\n${current}`);
}
