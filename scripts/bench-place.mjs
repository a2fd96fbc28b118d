// Where a benchmark's stack runs: a nats-server of its own (free loopback port, own store) and a
// scratch Postgres database, so nothing it leaves behind (streams, KV buckets, rows) touches anyone
// else on the machine; close() removes both. Services are started on top with libs/devstack
// `startStack`, from the built dist; waitReady() waits until the gateway reports them ready.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createScratchDatabase, ensurePostgres, freePort, startPrivateNats } from '../libs/devstack/dist/index.js';
import { ScraiClient } from '../libs/sdk/dist/index.js';

/** The repository root (services run from `<root>/services/<name>/dist`). */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Opens the benchmark's place: `env` is the environment every service needs (broker, database,
 * namespace, gateway port, quiet logs), `client` talks to the gateway on `port`, `sql` to the
 * scratch database, `logDir` collects the services' logs (var/bench-<tag>/<pid>/logs, kept).
 */
export async function openBenchPlace(tag) {
  const dir = join(repoRoot, 'var', `bench-${tag}`, String(process.pid));
  mkdirSync(dir, { recursive: true });
  const nats = await startPrivateNats({ dir });
  let db;
  let sql;
  try {
    const server = await ensurePostgres({ url: process.env.DATABASE_URL, database: 'scrai' });
    db = await createScratchDatabase(server.adminUrl, `scrai_bench_${tag}`);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  } catch (e) {
    await sql?.end().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    await nats.stop();
    throw e;
  }
  const port = await freePort();
  return {
    dir,
    logDir: join(dir, 'logs'),
    port,
    env: {
      NATS_URL: nats.url,
      DATABASE_URL: db.url,
      SCRAI_NAMESPACE: `bench-${tag}-${process.pid}`,
      PORT: String(port),
      GRPC_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    client: new ScraiClient({ baseUrl: `http://127.0.0.1:${port}` }),
    sql,
    /**
     * The processes behind the services: the benchmark's nats-server and the Postgres backends
     * connected to its scratch database ([{ name, pid }]), so their CPU can be counted too. Linux only.
     */
    async backingPids() {
      const out = [];
      for (const entry of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        try {
          const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
          if (argv[0].endsWith('nats-server') && argv.includes(String(nats.port))) out.push({ name: 'nats-server', pid: Number(entry) });
        } catch {
          // gone, or not ours to read
        }
      }
      const r = await sql.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]).catch(() => ({ rows: [] }));
      for (const { pid } of r.rows) out.push({ name: 'postgres', pid });
      return out;
    },
    /** Drops the scratch database, stops the broker and deletes its store (the logs stay). */
    async close() {
      await sql.end().catch(() => undefined);
      await db.drop().catch(() => undefined);
      await nats.stop().catch(() => undefined);
      rmSync(join(dir, 'store'), { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the gateway reports every service ready (HTTP 200 on /health) and each process of
 * `stacks` answers ready with its own pid: after a restart the new process, not a stale reply.
 * Throws as soon as one of those processes exits, or after timeoutMs.
 */
export async function waitReady(client, stacks, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    for (const s of stacks) {
      const crash = s.exits.find((e) => !e.requested);
      if (crash) throw new Error(`${crash.name}-${crash.instance} exited (${crash.signal ?? `code ${crash.code}`}) while starting; see its log`);
    }
    const report = await client.health().catch((e) => ({ status: 'unreachable', error: e.message }));
    if (report.services) {
      const ready = new Set(Object.values(report.services).flatMap((s) => s.instances.filter((i) => i.ready).map((i) => i.pid)));
      const waiting = stacks.flatMap((s) => s.processes).filter((p) => !ready.has(p.pid));
      if (report.status === 'ok' && waiting.length === 0) return;
      last = waiting.length ? `waiting for ${waiting.map((p) => `${p.name}-${p.instance}`).join(', ')}` : `status ${report.status}`;
    } else {
      last = report.error ?? 'no report';
    }
    if (Date.now() > deadline) throw new Error(`services not ready within ${timeoutMs / 1000} s (${last})`);
    await sleep(250);
  }
}

/** Rejects with "<what> exceeded <ms/1000> s" when `promise` takes longer than ms. */
export async function withDeadline(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} exceeded ${Math.round(ms / 1000)} s`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
