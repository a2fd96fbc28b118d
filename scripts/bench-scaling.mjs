#!/usr/bin/env node
// Scaling benchmark: do actor turns per second grow with the number of engine-actor processes?
// The mock provider answers every call after a fixed L ms and each actor worker runs a fixed number
// c of tasks at once (SCRAI_ENGINE_CONCURRENCY), so one worker can commit at most c / L turns per
// second. Enough round-robin runs (3 × k_max × c, each with one actor task outstanding at a time)
// keep the actor queue full for the largest k, so workers, not the supply of work, set the pace.
// In one benchmark, with the same runs going on throughout, k = 1, 2, 4 (8 on a machine with 8+
// cores) actor workers are started in turn (the previous ones stopped first), and after a warm-up
// the turns committed in a fixed window are counted (actor.turn events by their commit time):
//
//   throughput(k) = committed actor turns per second with k workers
//   efficiency(k) = throughput(k) / (k × throughput(1))        goal ≥ 0.9 while the CPU is not saturated
//
// The machine's CPU use in each window (from /proc/stat: every process, the benchmark's and others')
// and the CPU of each service tell whether a shortfall is the stack's or the machine's.
//
// Usage: node scripts/bench-scaling.mjs [concurrency=4] [latency_ms=200] [window_s=8] [ks=1,2,4]   (pnpm bench scaling)
import { cpus } from 'node:os';
import { startStack } from '../libs/devstack/dist/index.js';
import { machineBusyPercent, machineCpuSample, processCpuMs } from './bench-cpu.mjs';
import { openBenchPlace, repoRoot, waitReady, withDeadline } from './bench-place.mjs';

const CONCURRENCY = Number(process.argv[2] ?? 4);
const LATENCY_MS = Number(process.argv[3] ?? 200);
const WINDOW_S = Number(process.argv[4] ?? 8);
const KS = (process.argv[5] ?? (cpus().length >= 8 ? '1,2,4,8' : '1,2,4')).split(',').map(Number);
const WARMUP_S = 3;
const RUNS = Math.max(16, 3 * Math.max(...KS) * CONCURRENCY);
const GOAL = 0.9;
const SATURATED_PCT = 90; // machine CPU busy at or above this: the goal does not apply
const DEADLINE_MS = 150_000;
if (![CONCURRENCY, LATENCY_MS, WINDOW_S, ...KS].every((x) => Number.isInteger(x) && x > 0) || KS[0] !== 1) {
  console.error('usage: bench-scaling.mjs [concurrency] [latency_ms] [window_s] [ks, starting with 1, e.g. 1,2,4]');
  process.exit(2);
}

const progress = (m) => process.stderr.write(`[bench scaling] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 2) => (Number.isFinite(x) ? +x.toFixed(d) : null);

/** The town hall's actors only (no narrator, no analyst): every task is an actor turn, one at a time per run. */
async function scenarioOf(client) {
  const town = (await client.getScenario('town-hall-debate')).body;
  const roles = {};
  for (const [role, b] of Object.entries(town.roles)) {
    const agent = typeof b.agent === 'string' ? (await client.getAgent(b.agent)).body : b.agent;
    if (agent.engine_type === 'actor') roles[role] = { agent: b.agent };
  }
  return {
    name: 'bench-scaling',
    description: `${town.description} (benchmark: actors only, endless)`,
    opening_situation: town.opening_situation,
    context_window: town.context_window,
    roles,
    turn_policy: 'round_robin',
    max_turns: 1_000_000,
    analysis_every_n_turns: 0,
    completion_conditions: [],
    actor_actions: ['speak', 'act', 'think'],
    timeout_seconds: 900,
  };
}

/** Actor turns committed (by the orchestrator's clock) in [from, to), once persistence has stored past `to`. */
async function committedTurns(sql, from, to) {
  for (const deadline = Date.now() + 15_000; ; await sleep(250)) {
    const r = await sql.query("SELECT max(at) AS last FROM events WHERE type = 'actor.turn'");
    if (new Date(r.rows[0].last).getTime() >= to || Date.now() > deadline) break;
  }
  const r = await sql.query("SELECT count(*)::int AS n FROM events WHERE type = 'actor.turn' AND at >= $1 AND at < $2", [new Date(from), new Date(to)]);
  return r.rows[0].n;
}

const started = Date.now();
const place = await openBenchPlace('scaling');
progress(`private nats-server, scratch database; logs in ${place.logDir}`);
const core = startStack({
  rootDir: repoRoot,
  env: place.env,
  services: [
    { name: 'gateway' },
    { name: 'orchestrator' },
    { name: 'engine-narrator' },
    { name: 'engine-analyst' },
    { name: 'llm-gateway', env: { SCRAI_MOCK_LATENCY: `fixed:${LATENCY_MS}`, SCRAI_LLM_MAX_CONCURRENCY: '1024' } },
    { name: 'persistence' },
  ],
  logDir: place.logDir,
});
let actors;
const steps = [];
try {
  await withDeadline(
    (async () => {
      let runIds = null;
      for (const k of KS) {
        if (actors) await actors.stop();
        actors = startStack({
          rootDir: repoRoot,
          env: place.env,
          services: [{ name: 'engine-actor', replicas: k, env: { SCRAI_ENGINE_CONCURRENCY: String(CONCURRENCY) } }],
          logDir: place.logDir,
        });
        await waitReady(place.client, [core, actors]);
        if (!runIds) {
          const scenario = await scenarioOf(place.client);
          progress(`starting ${RUNS} endless round-robin runs (${Object.keys(scenario.roles).length} actors each)`);
          runIds = await Promise.all(
            Array.from({ length: RUNS }, (_, i) => place.client.createRun({ scenario: { ...scenario, seed: i + 1 }, overrides: { llm_cache: 'off' } }).then((r) => r.id)),
          );
        }
        progress(`k=${k}: ${k} actor worker(s) × concurrency ${CONCURRENCY} ready; ${WARMUP_S} s warm-up, then a ${WINDOW_S} s window`);
        await sleep(WARMUP_S * 1000);
        const pids = [...core.processes, ...actors.processes, ...(await place.backingPids())].filter((p) => p.pid);
        const cpu0 = machineCpuSample();
        const proc0 = processCpuMs(pids.map((p) => p.pid));
        const from = Date.now();
        let minWaiting = Infinity;
        while (Date.now() - from < WINDOW_S * 1000) {
          await sleep(Math.min(1000, from + WINDOW_S * 1000 - Date.now()));
          const q = await place.client.queueStats('actor').catch(() => null);
          if (q) minWaiting = Math.min(minWaiting, q.pending);
        }
        const to = Date.now();
        const busy = machineBusyPercent(cpu0, machineCpuSample());
        const proc1 = processCpuMs(pids.map((p) => p.pid));
        const seconds = (to - from) / 1000;
        const byService = {};
        for (const p of pids) {
          if (proc0.has(p.pid) && proc1.has(p.pid)) byService[p.name] = (byService[p.name] ?? 0) + (proc1.get(p.pid) - proc0.get(p.pid)) / 1000 / seconds;
        }
        const turns = await committedTurns(place.sql, from, to);
        const step = { k, turns, seconds, throughput: turns / seconds, busy, byService, minWaiting };
        steps.push(step);
        progress(`k=${k}: ${turns} turns in ${seconds.toFixed(1)} s = ${step.throughput.toFixed(1)} turns/s; machine CPU ${round(busy, 0) ?? '?'}% busy; fewest tasks waiting ${minWaiting}`);
      }
      progress('stopping the runs');
      await Promise.all(runIds.map((id) => place.client.stopRun(id, 'benchmark over').catch(() => undefined)));
    })(),
    DEADLINE_MS,
    'the scaling benchmark',
  );

  const base = steps[0].throughput;
  const perWorkerMax = (CONCURRENCY * 1000) / LATENCY_MS;
  const services = [...new Set(steps.flatMap((s) => Object.keys(s.byService)))];
  console.log(`\nper-worker ceiling c / L = ${perWorkerMax} turns/s; ${RUNS} round-robin runs; window ${WINDOW_S} s after ${WARMUP_S} s warm-up`);
  console.log(`${'k'.padStart(3)} ${'turns/s'.padStart(9)} ${'efficiency'.padStart(11)} ${'CPU busy'.padStart(9)} ${'min waiting'.padStart(12)}   CPU by service (cores)`);
  for (const s of steps) {
    const eff = s.throughput / (s.k * base);
    const cpuBy = services.map((n) => `${n} ${(s.byService[n] ?? 0).toFixed(2)}`).join(', ');
    console.log(`${String(s.k).padStart(3)} ${s.throughput.toFixed(1).padStart(9)} ${eff.toFixed(3).padStart(11)} ${`${round(s.busy, 0) ?? '?'}%`.padStart(9)} ${String(s.minWaiting).padStart(12)}   ${cpuBy}`);
  }
  const figures = [];
  for (const s of steps) {
    const saturated = s.busy !== null && s.busy >= SATURATED_PCT;
    figures.push({ metric: `k=${s.k}: committed actor turns per second`, value: round(s.throughput, 1), unit: 'turns/s' });
    if (s.k > 1) {
      figures.push({
        metric: `k=${s.k}: throughput(k) / (k × throughput(1))${saturated ? ` (CPU saturated: goal not applicable)` : ''}`,
        value: round(s.throughput / (s.k * base), 3),
        unit: 'ratio',
        ...(saturated ? {} : { goal: { min: GOAL } }),
      });
    }
    if (s.busy !== null) figures.push({ metric: `k=${s.k}: machine CPU busy (all ${cpus().length} cores, any process)`, value: round(s.busy, 0), unit: '%' });
    figures.push({ metric: `k=${s.k}: stack CPU (services, nats-server, Postgres backends)`, value: round(Object.values(s.byService).reduce((a, b) => a + b, 0), 2), unit: 'cores' });
    figures.push({ metric: `k=${s.k}: fewest actor tasks waiting in the queue`, value: s.minWaiting, unit: 'tasks', goal: { min: 1 } });
  }
  figures.push({ metric: 'one worker vs its ceiling c / L', value: round(base / perWorkerMax, 3), unit: 'ratio' });
  const setting =
    `mock LLM at a fixed ${LATENCY_MS} ms per call, engine-actor concurrency ${CONCURRENCY} per process (ceiling ${perWorkerMax} turns/s per worker), ` +
    `k = ${KS.join(', ')} engine-actor processes started in turn (the others stopped), every other service one process, own nats-server; ` +
    `${RUNS} endless round-robin runs of the town-hall-debate actors (no narrator, no analyst, LLM cache off) going on throughout, ` +
    `so the actor queue never empties; per k a ${WARMUP_S} s warm-up then actor.turn events committed in a ${WINDOW_S} s window; ` +
    `CPU busy from /proc/stat over the window (the machine is shared: other processes count); the ratio's goal applies below ${SATURATED_PCT}% CPU`;
  const result = { name: 'scaling', setting, figures, command: `pnpm bench scaling ${CONCURRENCY} ${LATENCY_MS} ${WINDOW_S} ${KS.join(',')}` };
  console.log(`\nBENCH_RESULT ${JSON.stringify(result)}`);
  progress(`done in ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  progress('cleanup: stopping the services, dropping the database, stopping the broker');
  await actors?.stop().catch((e) => progress(`stopping the actor workers: ${e.message}`));
  await core.stop().catch((e) => progress(`stopping the stack: ${e.message}`));
  await place.close();
}
