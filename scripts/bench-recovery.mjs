// Recovery benchmark: how long the work held by a killed engine worker takes to complete elsewhere,
// and how many LLM calls a crash costs. A simultaneous scenario keeps several actor tasks in flight
// on two actor workers; the bench SIGKILLs one worker at a time (and restarts it) at random moments.
//
//   recovery(kill) = time from the kill until every actor task that was in flight at the kill has
//                    completed (its result reached the orchestrator)
//   extra LLM calls = calls of the run with kills − calls of the same run (same seed) without kills,
//                    compared with the tasks in flight at the kills
//
// Usage: node scripts/bench-recovery.mjs [kills=20]   (pnpm bench recovery)
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { createScratchDatabase, ensurePostgres, freePort, startPrivateNats, startStack } from '../libs/devstack/dist/index.js';
import { ScraiClient } from '../libs/sdk/dist/index.js';
import { brokerNames } from '../libs/contracts/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const KILLS = Number(process.argv[2] ?? 20);
const ACK_WAIT_MS = 2000;
const LATENCY_MS = 150;
const ACTORS = 6;

const progress = (m) => process.stderr.write(`[bench recovery] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
};
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const roles = Object.fromEntries([
  ...Array.from({ length: ACTORS }, (_, i) => [`delegate${i + 1}`, { agent: i % 2 ? 'negotiator-buyer' : 'negotiator-seller' }]),
  ['narrator', { agent: 'narrator-chronicler' }],
]);
const scenario = {
  name: 'recovery-bench',
  roles,
  turn_policy: 'simultaneous',
  max_turns: ACTORS * 60,
  timeout_seconds: 3600,
  completion_conditions: [],
  opening_situation: 'A long negotiation with many delegates.',
  seed: 99,
  actor_actions: ['speak', 'act'],
};
// Both runs have the same seed: with the LLM cache on, the measured run would be answered from the
// reference run's answers at once, before any kill. Every call is a provider (mock) call.
const overrides = { llm_cache: 'off' };

const dir = `${root}/var/bench-recovery/${process.pid}`;
mkdirSync(dir, { recursive: true });
const nats = await startPrivateNats({ dir });
const pgInfo = await ensurePostgres({ url: process.env.DATABASE_URL, database: 'scrai' });
const db = await createScratchDatabase(pgInfo.adminUrl, 'scrai_bench');
const port = await freePort();
const namespace = `bench-${process.pid}`;
const stack = startStack({
  rootDir: root,
  env: {
    NATS_URL: nats.url, DATABASE_URL: db.url, SCRAI_NAMESPACE: namespace, PORT: String(port), GRPC_PORT: '0', LOG_LEVEL: 'warn',
    SCRAI_MOCK_LATENCY: `fixed:${LATENCY_MS}`, SCRAI_TASK_ACK_WAIT_MS: String(ACK_WAIT_MS), SCRAI_TASK_MAX_DELIVER: '50',
  },
  services: [
    { name: 'gateway' }, { name: 'orchestrator' }, { name: 'engine-actor', replicas: 2 }, { name: 'engine-narrator' },
    { name: 'engine-analyst' }, { name: 'llm-gateway' }, { name: 'persistence' },
  ],
  logDir: `${dir}/logs`,
});
const sql = new pg.Client({ connectionString: db.url });
try {
  await stack.waitHealthy();
  await sql.connect();
  const client = new ScraiClient({ baseUrl: `http://127.0.0.1:${port}` });
  const calls = async (id) => Number((await sql.query('SELECT count(*) AS n FROM llm_calls WHERE run_id = $1', [id])).rows[0].n);

  progress('stack healthy; the fault-free reference run');
  const ref = await client.createRun({ scenario, overrides });
  await client.waitForRun(ref.id, { timeoutMs: 600_000 });
  await sleep(1000);

  const { id } = await client.createRun({ scenario, overrides });
  const names = brokerNames(namespace);
  const nc = await connect({ servers: nats.url });
  const scheduled = new Map(); // task seq -> scheduled at
  const completed = new Map(); // task seq -> completed at
  nc.subscribe(names.subjects.task('actor', id), { callback: (_e, m) => { const t = m.json(); if (!scheduled.has(t.seq)) scheduled.set(t.seq, Date.now()); } });
  nc.subscribe(names.subjects.cmd(id, 'result'), { callback: (_e, m) => { const r = m.json(); if (!completed.has(r.seq)) completed.set(r.seq, Date.now()); } });

  const kills = [];
  await sleep(1500);
  for (let k = 0; k < KILLS; k++) {
    await sleep(600 + random() * 900);
    // kill while the queue holds work, so every kill has something to recover
    const busyBy = Date.now() + 3000;
    while (Date.now() < busyBy && ![...scheduled.keys()].some((s) => !completed.has(s))) await sleep(10);
    const inFlight = [...scheduled.keys()].filter((s) => !completed.has(s));
    const at = Date.now();
    const instance = k % 2;
    stack.kill('engine-actor', instance, 'SIGKILL');
    kills.push({ at, inFlight });
    await sleep(200);
    await stack.restart('engine-actor', instance);
    progress(`kill ${k + 1}/${KILLS}: ${inFlight.length} tasks were in flight`);
  }
  progress('kills done; waiting for the run to finish');
  const run = await client.waitForRun(id, { timeoutMs: 600_000 });
  await sleep(1500);
  const recoveries = kills
    .filter((k) => k.inFlight.length > 0)
    .map((k) => Math.max(...k.inFlight.map((s) => (completed.get(s) ?? NaN) - k.at)));
  const [refCalls, runCalls] = [await calls(ref.id), await calls(id)];
  const inFlightTotal = kills.reduce((n, k) => n + k.inFlight.length, 0);
  const figures = {
    benchmark: 'recovery',
    command: 'pnpm bench recovery',
    status: run.status,
    kills: kills.length,
    ack_wait_ms: ACK_WAIT_MS,
    mock_latency_ms: LATENCY_MS,
    recovery_ms: { p50: pct(recoveries, 50), p99: pct(recoveries, 99), max: Math.max(...recoveries), samples: recoveries.length },
    llm_calls: { fault_free: refCalls, with_kills: runCalls, extra: runCalls - refCalls },
    tasks_in_flight_at_kills: inFlightTotal,
    extra_calls_per_in_flight_task: +((runCalls - refCalls) / Math.max(1, inFlightTotal)).toFixed(3),
  };
  console.log(JSON.stringify(figures, null, 2));
  const result = {
    name: 'recovery',
    setting:
      `${KILLS} SIGKILLs (each followed by a restart) of one of 2 engine-actor workers at random moments, during a simultaneous ` +
      `scenario of ${ACTORS} actors; mock LLM at a fixed ${LATENCY_MS} ms, task ack wait ${ACK_WAIT_MS} ms; run status ${run.status}`,
    figures: [
      { metric: 'recovery p50 (kill → in-flight work completed)', value: figures.recovery_ms.p50, unit: 'ms' },
      { metric: 'recovery p99', value: figures.recovery_ms.p99, unit: 'ms' },
      { metric: 'recovery max', value: figures.recovery_ms.max, unit: 'ms' },
      { metric: 'kills with work in flight', value: recoveries.length, unit: 'kills' },
      { metric: 'extra LLM calls (with kills − fault free)', value: figures.llm_calls.extra, unit: 'calls' },
      { metric: 'extra LLM calls per task in flight at a kill', value: figures.extra_calls_per_in_flight_task, unit: 'calls/task', goal: { max: 1 } },
      { metric: 'run completed', value: run.status === 'completed' ? 1 : 0, unit: 'yes=1', goal: { min: 1 } },
    ],
    command: `pnpm bench recovery ${KILLS}`,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  await nc.close();
} finally {
  await sql.end().catch(() => undefined);
  await stack.stop();
  await db.drop().catch(() => undefined);
  await nats.stop();
}
