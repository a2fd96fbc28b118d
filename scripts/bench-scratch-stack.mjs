// A stack of the benchmark's own: a private nats-server (free port, store under var/bench-<name>/<pid>),
// a scratch Postgres database, a namespace, and the chosen services from their built dist, all
// removed again by close(). Private broker and database make every figure (and every CPU-second of
// nats-server) the benchmark's alone. Used by scripts/bench-overhead.mjs, bench-replay.mjs and
// bench-event-log.mjs.
import { mkdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createScratchDatabase, ensurePostgres, freePort, startPrivateNats, startStack } from '../libs/devstack/dist/index.js';
import { ScraiClient } from '../libs/sdk/dist/index.js';
import { processesNamed } from './bench-process-cpu.mjs';

/**
 * Starts broker, database and services; with the gateway among the services, waits until it is
 * healthy and hands back an sdk client for it. `services` as startStack takes them (default: all).
 * Returns { natsUrl, natsPid, databaseUrl, databaseName, adminUrl, namespace, port, stack, client, close }.
 */
export async function startScratchStack({ root, name, env = {}, services, nodeArgs = [], progress = () => {} }) {
  const dir = join(root, 'var', `bench-${name}`, `${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  const cleanups = [
    () => {
      rmSync(dir, { recursive: true, force: true });
      try {
        rmdirSync(dirname(dir)); // var/bench-<name> too, unless another run still uses it
      } catch {
        // not empty
      }
    },
  ];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve().then(c).catch((e) => progress(`cleanup: ${e.message}`));
  };
  try {
    const nats = await startPrivateNats({ dir });
    cleanups.push(() => nats.stop());
    const pg = await ensurePostgres({ url: process.env.DATABASE_URL, database: 'scrai' });
    const db = await createScratchDatabase(pg.adminUrl, `scrai_bench_${name.replace(/-/g, '_')}`);
    cleanups.push(() => db.drop());
    const port = await freePort();
    const namespace = `bench-${name}-${process.pid}`.slice(0, 32);
    const withGateway = !services || services.some((s) => s.name === 'gateway');
    const stack = startStack({
      rootDir: root,
      env: { NATS_URL: nats.url, DATABASE_URL: db.url, SCRAI_NAMESPACE: namespace, PORT: String(port), GRPC_PORT: '0', LOG_LEVEL: 'warn', ...env },
      services,
      nodeArgs,
      logDir: join(dir, 'logs'),
    });
    cleanups.push(() => stack.stop());
    if (withGateway) await stack.waitHealthy(90_000);
    const natsPid = processesNamed('nats-server').find((p) => p.cmdline.includes(` -p ${nats.port} `) || p.cmdline.endsWith(` -p ${nats.port}`))?.pid;
    return {
      natsUrl: nats.url,
      natsPid,
      databaseUrl: db.url,
      databaseName: db.name,
      adminUrl: pg.adminUrl,
      namespace,
      port,
      stack,
      client: withGateway ? new ScraiClient({ baseUrl: `http://127.0.0.1:${port}` }) : null,
      logDir: join(dir, 'logs'),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Runs `body` under a deadline and runs `cleanup` whatever happens, also on SIGTERM/SIGINT (the
 * time limit of scripts/bench.mjs); rejects with a clear error when the deadline passes.
 */
export async function boundedRun({ deadlineMs, label, cleanup }, body) {
  let watchdog;
  let cleaned = false;
  const cleanOnce = async () => {
    if (cleaned) return;
    cleaned = true;
    await cleanup();
  };
  const onSignal = (sig) => {
    process.stderr.write(`[${label}] ${sig}: cleaning up\n`);
    cleanOnce().finally(() => process.exit(1));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    return await Promise.race([
      body(),
      new Promise((_, reject) => (watchdog = setTimeout(() => reject(new Error(`${label} exceeded ${deadlineMs / 1000} s`)), deadlineMs))),
    ]);
  } finally {
    clearTimeout(watchdog);
    await cleanOnce();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
