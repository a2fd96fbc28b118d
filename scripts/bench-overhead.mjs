#!/usr/bin/env node
// Overhead benchmark: what one committed actor turn costs the whole system in CPU when the LLM costs
// nothing. The mock provider answers at zero latency; R concurrent runs of a generated scenario with
// A actors (shipped town-hall agents, no analyst, nobody may leave, no completion condition) keep
// the stack busy. After a warm-up, one measurement window of S seconds:
//
//   committed turns = actor.turn events stored in Postgres at the window's end − at its start
//   CPU             = utime + stime (kernel accounting, /proc/<pid>/stat) over the window of every
//                     service process, the private nats-server, the postgres backends of the
//                     scratch database, its autovacuum workers and the postmaster and its shared
//                     background processes; the benchmark's own process (HTTP polling, counting) is
//                     reported apart and not included
//   turns per second per core = turns/s ÷ (CPU seconds ÷ wall seconds) = turns ÷ CPU seconds:
//                     the throughput one fully used core would give
//
// Usage: node scripts/bench-overhead.mjs [runs=24] [actors=16] [seconds=30] [policy=round_robin]
// (pnpm bench overhead). CPU profile of every service: SCRAI_PROFILE_DIR=/tmp/prof pnpm bench overhead
// (one .cpuprofile per process, written when the stack stops; open in Chrome DevTools or speedscope).
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { brokerNames } from '../libs/contracts/dist/index.js';
import { jetstreamManager } from '../libs/messaging/dist/index.js';
import { CpuAccount, readProcessCpu } from './bench-process-cpu.mjs';
import { boundedRun, startScratchStack } from './bench-scratch-stack.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 24);
const ACTORS = Number(process.argv[3] ?? 16);
const SECONDS = Number(process.argv[4] ?? 30);
const POLICY = process.argv[5] ?? 'round_robin';
const WARMUP_TURNS = Math.max(200, RUNS * 10); // committed before the window opens: every run is past its start
const WARMUP_LIMIT_MS = 45_000;
const SAMPLE_MS = 1000;
const DEADLINE_MS = 150_000;
const GOAL_PER_CORE = 1000;
const PROFILE_DIR = process.env.SCRAI_PROFILE_DIR;

const progress = (m) => process.stderr.write(`[bench overhead] ${m}\n`);
const round = (x, d = 1) => +x.toFixed(d);
const ACTOR_AGENTS = ['mayor-budget-defender', 'small-business-owner', 'housing-activist'];

/** A town hall with many speakers that never ends by itself: every actor speaks or acts, turn after turn. */
const scenario = {
  name: 'overhead-bench',
  roles: Object.fromEntries([
    ...Array.from({ length: ACTORS }, (_, i) => [`speaker${i + 1}`, { agent: ACTOR_AGENTS[i % ACTOR_AGENTS.length] }]),
    ['narrator', { agent: 'narrator-chronicler' }],
  ]),
  turn_policy: POLICY,
  max_turns: 1_000_000,
  timeout_seconds: 3600,
  analysis_every_n_turns: 0,
  completion_conditions: [],
  actor_actions: ['speak', 'act'],
  opening_situation: 'Riverton City Hall: a long public hearing on the budget, with many residents queued at the microphone.',
};

/** Postgres processes that work for this benchmark: its database's backends and the shared server processes. */
async function trackPostgres(account, sql, database, postmasterPid) {
  const { rows } = await sql.query(
    `SELECT pid, backend_type, datname FROM pg_stat_activity
     WHERE pid <> pg_backend_pid() AND (datname = $1 OR datname IS NULL)`,
    [database],
  );
  for (const r of rows) {
    if (r.datname === database) account.track(r.pid, r.backend_type === 'client backend' ? 'postgres backends (scratch db)' : `postgres ${r.backend_type}`);
    else if (r.backend_type !== 'client backend') account.track(r.pid, 'postgres background (shared)');
  }
  // the postmaster's own time only: its reaped children include other databases' backends
  if (postmasterPid) account.track(postmasterPid, 'postgres background (shared)', { withChildren: false });
}

let env;
await boundedRun(
  { deadlineMs: DEADLINE_MS, label: 'bench overhead', cleanup: async () => env?.close() },
  async () => {
    progress(`starting a private stack (mock latency 0${PROFILE_DIR ? `, CPU profiles to ${PROFILE_DIR}` : ''})`);
    env = await startScratchStack({
      root,
      name: 'overhead',
      env: { SCRAI_MOCK_LATENCY: '0' },
      nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
      progress,
    });
    const sql = new pg.Client({ connectionString: env.databaseUrl });
    await sql.connect();
    let closeBroker = async () => undefined;
    try {
      await sql.query('SET max_parallel_workers_per_gather = 0'); // the counting query stays in this (untracked) backend
      const committedTurns = async () => Number((await sql.query(`SELECT count(*) AS n FROM events WHERE type = 'actor.turn'`)).rows[0].n);
      const postmasterPid = await postmasterOf(sql);

      progress(`stack healthy; creating ${RUNS} runs of ${ACTORS} actors (${POLICY})`);
      const ids = await Promise.all(Array.from({ length: RUNS }, (_, i) => env.client.createRun({ scenario, overrides: { seed: i + 1 } }).then((r) => r.id)));

      const warmBy = Date.now() + WARMUP_LIMIT_MS;
      for (let n = 0; (n = await committedTurns()) < WARMUP_TURNS; await sleep(250)) {
        if (Date.now() > warmBy) throw new Error(`only ${n} turns committed after ${WARMUP_LIMIT_MS / 1000} s of warm-up; see the logs in ${env.logDir}`);
        const crashed = env.stack.exits.find((e) => !e.requested);
        if (crashed) throw new Error(`${crashed.name}-${crashed.instance} exited during warm-up; see ${env.logDir}`);
      }

      const account = new CpuAccount();
      for (const p of env.stack.processes) account.track(p.pid, p.name);
      account.track(env.natsPid, 'nats-server');
      await trackPostgres(account, sql, env.databaseName, postmasterPid);
      const nc = await connect({ servers: env.natsUrl });
      closeBroker = () => nc.close();
      const driver0 = process.cpuUsage();
      const turns0 = await committedTurns();
      const broker0 = await brokerView(nc, env.namespace);
      account.begin();
      progress(`warm (${turns0} turns committed); measuring ${SECONDS} s`);
      const until = performance.now() + SECONDS * 1000;
      let lastReport = performance.now();
      while (performance.now() < until) {
        await sleep(Math.min(SAMPLE_MS, Math.max(0, until - performance.now())));
        await trackPostgres(account, sql, env.databaseName, postmasterPid);
        account.sample();
        if (performance.now() - lastReport >= 10_000) {
          lastReport = performance.now();
          progress(`${(await committedTurns()) - turns0} turns committed so far`);
        }
      }
      const cpu = account.end();
      const turns = (await committedTurns()) - turns0;
      const driverUsage = process.cpuUsage(driver0);
      const driverMs = (driverUsage.user + driverUsage.system) / 1000;
      const broker1 = await brokerView(nc, env.namespace);
      const stored = [...broker1.seqs].map(([stream, seq]) => ({ stream, messages: seq - (broker0.seqs.get(stream) ?? 0) })).filter((x) => x.messages > 0).sort((a, b) => b.messages - a.messages);
      const crashed = env.stack.exits.filter((e) => !e.requested);
      const runsEnded = Number((await sql.query(`SELECT count(*) AS n FROM runs WHERE id = ANY($1::uuid[]) AND status <> 'running'`, [ids])).rows[0].n);
      return { cpu, turns, driverMs, crashed: crashed.length, runsEnded, backlog: broker1.backlog, stored };
    } finally {
      await sql.end().catch(() => undefined);
      await closeBroker().catch(() => undefined);
    }
  },
).then(report, (e) => {
  progress(`failed: ${e.message}`);
  process.exit(1);
});

/**
 * The broker's view: every stream's last sequence (so a delta is the messages JetStream stored, KV
 * writes included) and the events persistence has not stored yet (grows when the database side is
 * the bottleneck).
 */
async function brokerView(nc, namespace) {
  const names = brokerNames(namespace);
  const jsm = await jetstreamManager(nc);
  const seqs = new Map();
  const prefixes = [`${namespace.toUpperCase().replace(/-/g, '_')}_`, `KV_${namespace}-`];
  for await (const si of jsm.streams.list()) {
    const prefix = prefixes.find((p) => si.config.name.startsWith(p));
    if (prefix) seqs.set(prefix.startsWith('KV_') ? `KV ${si.config.name.slice(prefix.length)}` : si.config.name.slice(prefix.length), si.state.last_seq);
  }
  const info = await jsm.consumers.info(names.streams.events, names.consumers.persistenceEvents);
  return { seqs, backlog: info.num_pending + info.num_ack_pending };
}

/** The postmaster: the parent of any backend (one query of this connection's own pid). */
async function postmasterOf(sql) {
  const { rows } = await sql.query('SELECT pg_backend_pid() AS pid');
  return readProcessCpu(rows[0].pid, false)?.ppid;
}

function report({ cpu, turns, driverMs, crashed, runsEnded, backlog, stored }) {
  const wall = cpu.wallSeconds;
  const turnsPerSecond = turns / wall;
  const cores = cpu.totalMs / 1000 / wall;
  const cpuMsPerTurn = cpu.totalMs / Math.max(1, turns);
  const perCore = turns / (cpu.totalMs / 1000);
  progress(`window ${round(wall, 2)} s: ${turns} turns, ${round(cpu.totalMs, 0)} CPU-ms over ${cpu.byLabel.reduce((n, r) => n + r.processes, 0)} processes`);
  console.log(`\n${'process'.padEnd(36)} ${'CPU ms'.padStart(9)} ${'share'.padStart(7)} ${'ms/turn'.padStart(9)} ${'cores'.padStart(6)}`);
  for (const r of cpu.byLabel) {
    const name = r.processes > 1 ? `${r.label} (${r.processes})` : r.label;
    console.log(`${name.padEnd(36)} ${round(r.ms, 0).toString().padStart(9)} ${`${round((100 * r.ms) / cpu.totalMs)}%`.padStart(7)} ${round(r.ms / Math.max(1, turns), 3).toString().padStart(9)} ${round(r.ms / 1000 / wall, 2).toString().padStart(6)}`);
  }
  console.log(`${'total'.padEnd(36)} ${round(cpu.totalMs, 0).toString().padStart(9)} ${'100%'.padStart(7)} ${round(cpuMsPerTurn, 3).toString().padStart(9)} ${round(cores, 2).toString().padStart(6)}`);
  console.log(`benchmark process (not in the total): ${round(driverMs, 0)} CPU ms\n`);
  const storedTotal = stored.reduce((n, x) => n + x.messages, 0);
  console.log(`JetStream messages stored per committed turn: ${round(storedTotal / Math.max(1, turns), 2)} (${stored.map((x) => `${x.stream} ${round(x.messages / Math.max(1, turns), 2)}`).join(', ')})\n`);

  const command = `pnpm bench overhead ${RUNS} ${ACTORS} ${SECONDS} ${POLICY}`;
  const result = {
    name: 'overhead',
    setting:
      `${RUNS} concurrent runs of a generated scenario with ${ACTORS} actors + narrator (${POLICY}, analysis off, no completion condition), ` +
      `mock LLM at zero latency, private nats-server and scratch database, one process per service; ` +
      `after ${WARMUP_TURNS} committed turns of warm-up, one ${SECONDS} s window: turns = actor.turn rows stored in Postgres during it, ` +
      `CPU = utime+stime from /proc/<pid>/stat of every service process, nats-server, and the postgres backends of the scratch database plus the postmaster and its background processes (shared with other databases on the machine); ` +
      `the benchmark's own process is left out (${round(driverMs / Math.max(1, turns), 3)} ms/turn). ` +
      `Per core = turns ÷ CPU seconds. CPU profile: SCRAI_PROFILE_DIR=<dir> pnpm bench overhead`,
    figures: [
      { metric: 'committed turns per second', value: round(turnsPerSecond), unit: 'turns/s' },
      { metric: 'CPU per committed turn, all processes', value: round(cpuMsPerTurn, 3), unit: 'CPU ms/turn' },
      { metric: 'turns per second per core', value: round(perCore), unit: 'turns/s/core', goal: { min: GOAL_PER_CORE } },
      { metric: 'cores used (CPU seconds ÷ wall seconds)', value: round(cores, 2), unit: 'cores' },
      ...cpu.byLabel.map((r) => ({ metric: `CPU per turn: ${r.label}${r.processes > 1 ? ` (${r.processes} processes)` : ''}`, value: round(r.ms / Math.max(1, turns), 3), unit: `CPU ms/turn (${round((100 * r.ms) / cpu.totalMs)}%)` })),
      { metric: 'JetStream messages stored per turn, all streams and KV buckets', value: round(storedTotal / Math.max(1, turns), 2), unit: 'messages/turn' },
      ...stored.map((x) => ({ metric: `JetStream messages stored per turn: ${x.stream}`, value: round(x.messages / Math.max(1, turns), 2), unit: 'messages/turn' })),
      { metric: 'turns committed in the window', value: turns, unit: 'turns' },
      { metric: 'window', value: round(wall, 2), unit: 's' },
      { metric: 'events not yet stored at the window end (persistence backlog)', value: backlog, unit: 'events' },
      { metric: 'runs ended early or processes crashed', value: runsEnded + crashed, unit: 'count', goal: { max: 0 } },
    ],
    command,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}
