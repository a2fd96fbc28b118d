#!/usr/bin/env node
// Critical-path benchmark: how close a simultaneous run comes to the time its chain of LLM calls
// needs. N actors act at once in each of R rounds against the mock provider answering after a fixed
// L ms, so no schedule can finish faster than the longest chain of calls that must follow one another:
//
//   scene.open (narrator) → R × [ N actor turns in parallel → round.resolve (narrator) ] → analysis.report (analyst)
//
// i.e. (2R + 2) calls of L each (libs/scenario-core: start-run.ts opens, round-flow.ts schedules all
// actors of a round at once and the narrator once they all answered, then the next round; after the
// last round run-lifecycle.ts wrapUp asks the analyst for the report). Checkpoints are off
// (analysis_every_n_turns 0), actors may not leave (no `done`), no completion condition but
// max_turns = N × R, and the LLM cache is off, so the run lasts exactly R rounds of real calls.
//
//   ratio = wall time (POST /runs → the run seen completed over REST) / ((2R + 2) × L)      goal ≤ 1.05
//
// The scenario is the shipped town-hall-debate with its three actor roles repeated to N; its
// narrator and analyst stay. The stack is configured so all N calls of a round run at once:
// engine-actor concurrency ≥ N, llm-gateway SCRAI_LLM_MAX_CONCURRENCY ≥ N. Each configuration gets
// its own llm-gateway (the latency is its SCRAI_MOCK_LATENCY) and a one-round warm-up run first.
// Where the time goes is read from the run's task_attempts (bench-round-timeline.mjs), with the CPU
// each service, the nats-server and the Postgres backends spent per round. A run that stops making
// progress is reported as failed (with the services' commonest warning) and ends the benchmark.
//
// Usage: node scripts/bench-critical-path.mjs [N:R:L ...]   default 50:10:500 100:20:1000
//        (pnpm bench critical-path); a configuration that no longer fits in the time limit is skipped.
import { startStack } from '../libs/devstack/dist/index.js';
import { openBenchPlace, repoRoot, waitReady, withDeadline } from './bench-place.mjs';
import { machineBusyPercent, machineCpuSample, processCpuMs } from './bench-cpu.mjs';
import { columnStats, readAttempts, roundTimeline, waitAttempts } from './bench-round-timeline.mjs';

const DEFAULT_CONFIGS = ['50:10:500', '100:20:1000'];
const DEADLINE_MS = 200_000; // the whole benchmark, start to cleanup
const POLL_MS = 50;
const GOAL = 1.05;

const progress = (m) => process.stderr.write(`[bench critical-path] ${m}\n`);
const round = (x, d = 2) => (Number.isFinite(x) ? +x.toFixed(d) : null);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const configs = (process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_CONFIGS).map((text) => {
  const [n, r, l] = text.split(':').map(Number);
  if (![n, r, l].every((x) => Number.isInteger(x) && x > 0)) {
    console.error(`bad configuration "${text}": use N:R:L (actors, rounds, mock latency in ms), e.g. 50:10:500`);
    process.exit(2);
  }
  return { n, r, l, text };
});
const maxActors = Math.max(...configs.map((c) => c.n));
const chainOf = (c) => 2 * c.r + 2;
const boundMs = (c) => chainOf(c) * c.l;
// what a configuration needs beyond its lower bound: a fresh llm-gateway, the warm-up round, slack
const budgetMs = (c) => 20_000 + 4 * c.l + 1.5 * boundMs(c);

/** The shipped town hall, grown to N actors: its actor roles repeated in turn, narrator and analyst kept. */
async function scenarioFor(client, c) {
  const town = (await client.getScenario('town-hall-debate')).body;
  const roles = await Promise.all(
    Object.entries(town.roles).map(async ([role, b]) => {
      const agent = typeof b.agent === 'string' ? (await client.getAgent(b.agent)).body : b.agent;
      return { role, binding: { agent: b.agent }, type: agent.engine_type };
    }),
  );
  const actors = roles.filter((x) => x.type === 'actor');
  const others = roles.filter((x) => x.type !== 'actor');
  if (!actors.length || !others.some((x) => x.type === 'narrator') || !others.some((x) => x.type === 'analyst')) {
    throw new Error('town-hall-debate no longer has actors, a narrator and an analyst; the chain below assumes them');
  }
  const width = String(c.n).length;
  const grown = Object.fromEntries([
    ...Array.from({ length: c.n }, (_, i) => [`${actors[i % actors.length].role}-${String(i + 1).padStart(width, '0')}`, actors[i % actors.length].binding]),
    ...others.map((x) => [x.role, x.binding]),
  ]);
  return {
    name: `bench-critical-path-${c.n}x${c.r}`,
    description: `${town.description} (benchmark: ${c.n} actors, ${c.r} simultaneous rounds)`,
    opening_situation: town.opening_situation,
    context_window: town.context_window,
    roles: grown,
    turn_policy: 'simultaneous',
    max_turns: c.n * c.r,
    analysis_every_n_turns: 0,
    completion_conditions: [],
    actor_actions: ['speak', 'act', 'think'],
    timeout_seconds: Math.ceil((10 * boundMs(c)) / 1000) + 120,
    seed: 1,
  };
}

/** A run that stopped making progress: the benchmark reports it and moves on rather than wait for its timeout. */
class StalledRun extends Error {}

/**
 * POSTs the run and polls it until it has ended; times are ms since epoch (for the DB) and a
 * monotonic duration. Throws StalledRun when its event count stays put for stallMs.
 */
async function timedRun(client, scenario, stallMs, expectedMs) {
  const postAt = Date.now();
  const t0 = performance.now();
  const { id } = await client.createRun({ scenario, overrides: { llm_cache: 'off' } });
  let events = -1;
  let movedAt = performance.now();
  for (;;) {
    const run = await client.getRun(id);
    if (!['pending', 'running', 'paused'].includes(run.status)) {
      return { id, run, postAt, seenAt: Date.now(), wallMs: performance.now() - t0 };
    }
    if (run.event_count !== events) [events, movedAt] = [run.event_count, performance.now()];
    if (performance.now() - movedAt > stallMs) {
      progress(`run ${id} made no progress for ${stallMs / 1000} s`);
      throw new StalledRun(`the run made no progress for ${stallMs / 1000} s (${run.event_count} events, ${run.turn_count} turns)`);
    }
    // poll slowly until the run could be near its end, so the polling's own CPU stays off a busy machine
    await sleep(performance.now() - t0 < 0.9 * expectedMs ? 500 : POLL_MS);
  }
}

/** The most frequent warning or error the services logged since `from` (their JSON log lines), with its count. */
function commonestProblem(lines, from) {
  const counts = new Map();
  for (const l of lines.slice(from)) counts.set(l, (counts.get(l) ?? 0) + 1);
  const [line, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  return line ? `${line} (×${n})` : 'no warning or error logged';
}

async function llmCalls(sql, runId) {
  const r = await sql.query('SELECT count(*)::int AS n, count(*) FILTER (WHERE cached)::int AS cached, avg(latency_ms) AS mean_ms FROM llm_calls WHERE run_id = $1', [runId]);
  return r.rows[0];
}

const started = Date.now();
const place = await openBenchPlace('critical-path');
progress(`private nats-server, scratch database; logs in ${place.logDir}`);
// the services' warnings and errors, so a stalled run can be explained
const problems = [];
const onLine = (service, _instance, line) => {
  if (!line.startsWith('{')) return;
  try {
    const l = JSON.parse(line);
    if (l.level === 'warn' || l.level === 'error' || l.level >= 40) problems.push(`${service}: ${l.msg}${l.err ? `: ${l.err}` : ''}`);
  } catch {
    // not a log record
  }
};
const core = startStack({
  rootDir: repoRoot,
  env: place.env,
  services: [
    { name: 'gateway' },
    { name: 'orchestrator' },
    { name: 'engine-actor', env: { SCRAI_ENGINE_CONCURRENCY: String(maxActors + 8) } },
    { name: 'engine-narrator' },
    { name: 'engine-analyst' },
    { name: 'persistence' },
  ],
  logDir: place.logDir,
  onLine,
});
let llm;
const startLlmGateway = (c) =>
  startStack({
    rootDir: repoRoot,
    env: { ...place.env, SCRAI_MOCK_LATENCY: `fixed:${c.l}`, SCRAI_LLM_MAX_CONCURRENCY: String(Math.max(256, c.n + 8)) },
    services: [{ name: 'llm-gateway' }],
    logDir: place.logDir,
    onLine,
  });

const results = [];
const skipped = [];
const failed = [];
try {
  await withDeadline(
    (async () => {
      for (const c of configs) {
        const label = `N=${c.n} R=${c.r} L=${c.l} ms`;
        const left = DEADLINE_MS - (Date.now() - started);
        if (budgetMs(c) > left) {
          progress(`skipping ${label}: needs ~${Math.round(budgetMs(c) / 1000)} s, ${Math.round(left / 1000)} s left`);
          skipped.push(c);
          continue;
        }
        if (llm) await llm.stop();
        llm = startLlmGateway(c);
        await waitReady(place.client, [core, llm]);
        const scenario = await scenarioFor(place.client, c);
        const stallMs = Math.max(15_000, 6 * c.l);
        const from = problems.length;
        try {
          progress(`${label}: stack ready; warm-up run (1 round)`);
          const warm = await timedRun(place.client, { ...scenario, name: `${scenario.name}-warmup`, max_turns: c.n }, stallMs, 4 * c.l);
          if (warm.run.status !== 'completed') throw new StalledRun(`warm-up run ended ${warm.run.status}: ${warm.run.error ?? warm.run.end_reason}`);
          progress(`${label}: measured run, lower bound ${chainOf(c)} × ${c.l} ms = ${boundMs(c) / 1000} s`);
          const procs = [...core.processes, ...llm.processes, ...(await place.backingPids())].filter((p) => p.pid);
          const cpu0 = machineCpuSample();
          const proc0 = processCpuMs(procs.map((p) => p.pid));
          const m = await timedRun(place.client, scenario, stallMs, boundMs(c));
          m.cpuBusy = machineBusyPercent(cpu0, machineCpuSample());
          const proc1 = processCpuMs(procs.map((p) => p.pid));
          // CPU each service spent on this run: the serial work on the critical path cannot take less wall time
          m.cpuMsByService = {};
          for (const p of procs.filter((x) => proc0.has(x.pid) && proc1.has(x.pid))) {
            m.cpuMsByService[p.name] = (m.cpuMsByService[p.name] ?? 0) + proc1.get(p.pid) - proc0.get(p.pid);
          }
          if (m.run.status !== 'completed') throw new StalledRun(`run ${m.id} ended ${m.run.status}: ${m.run.error ?? m.run.end_reason}`);
          const tasks = c.n * c.r + c.r + 2;
          const stored = await waitAttempts(place.sql, m.id, tasks);
          if (stored < tasks) progress(`only ${stored} of ${tasks} tasks have stored attempts; the breakdown is partial`);
          const timeline = roundTimeline(await readAttempts(place.sql, m.id), m);
          const calls = await llmCalls(place.sql, m.id);
          results.push({ c, m, timeline, calls, tasks });
          progress(`${label}: ${(m.wallMs / 1000).toFixed(2)} s, ratio ${(m.wallMs / boundMs(c)).toFixed(3)}`);
        } catch (e) {
          if (!(e instanceof StalledRun)) throw e;
          const why = `${e.message}; commonest service warning: ${commonestProblem(problems, from)}`;
          progress(`${label} FAILED: ${why}`);
          failed.push({ c, why });
          // the stuck run's redeliveries would slow whatever comes next: give the rest of the time up
          break;
        }
      }
    })(),
    DEADLINE_MS,
    'the critical-path benchmark',
  );

  const figures = [];
  for (const { c, m, timeline: t, calls, tasks } of results) {
    const label = `N=${c.n} R=${c.r} L=${c.l} ms`;
    const col = (k) => columnStats(t.rounds, k);
    const [actors, pickup, handoff, narrator, next, roundMs] = ['actorsMs', 'pickupMs', 'handoffMs', 'narratorMs', 'nextMs', 'roundMs'].map(col);
    console.log(`\n${label}: wall ${(m.wallMs / 1000).toFixed(2)} s, lower bound ${boundMs(c) / 1000} s (${chainOf(c)} calls × ${c.l} ms), ratio ${(m.wallMs / boundMs(c)).toFixed(3)}`);
    console.log(`  POST → opening task queued ${round(t.createMs, 0)} ms; opening ${round(t.openingMs, 0)} ms; → round 1 queued ${round(t.openingNextMs, 0)} ms`);
    console.log(`  ${['round', 'actors', 'slowest pickup', 'handoff', 'narrator', '→ next', 'round total'].map((h) => h.padStart(14)).join('')}   (ms)`);
    for (const r of t.rounds) {
      console.log(`  ${[r.round, r.actorsMs, r.pickupMs, r.handoffMs, r.narratorMs, r.nextMs, r.roundMs].map((x) => String(Number.isFinite(x) ? Math.round(x) : '—').padStart(14)).join('')}`);
    }
    console.log(`  report ${round(t.reportMs, 0)} ms; report done → completed seen over REST ${round(t.finishMs, 0)} ms`);
    console.log(`  LLM calls ${calls.n} (chain needs ${tasks}), ${calls.cached} cached, mean call ${round(Number(calls.mean_ms), 1)} ms; redelivered tasks ${t.redelivered}`);
    console.log(`  machine CPU busy during the run: ${round(m.cpuBusy, 0) ?? '?'}% of all cores (other work on the machine included)`);
    console.log(`  CPU per round by service (ms): ${Object.entries(m.cpuMsByService).map(([n, ms]) => `${n} ${Math.round(ms / c.r)}`).join(', ')}`);
    figures.push(
      { metric: `${label}: wall time (POST → completed over REST)`, value: round(m.wallMs / 1000), unit: 's' },
      { metric: `${label}: lower bound (${chainOf(c)} chained calls × L)`, value: boundMs(c) / 1000, unit: 's' },
      { metric: `${label}: wall time / lower bound`, value: round(m.wallMs / boundMs(c), 3), unit: 'ratio', goal: { max: GOAL } },
      { metric: `${label}: round time beyond 2 × L (mean)`, value: round(roundMs.mean - 2 * c.l, 0), unit: 'ms' },
      { metric: `${label}: actor phase beyond L (mean; first queued → last result)`, value: round(actors.mean - c.l, 0), unit: 'ms' },
      { metric: `${label}: slowest actor task's wait for a worker (mean)`, value: round(pickup.mean, 0), unit: 'ms' },
      { metric: `${label}: last actor result → narrator task queued (mean)`, value: round(handoff.mean, 0), unit: 'ms' },
      { metric: `${label}: narrator phase beyond L (mean)`, value: round(narrator.mean - c.l, 0), unit: 'ms' },
      { metric: `${label}: narrator result → next round queued (mean)`, value: round(next.mean, 0), unit: 'ms' },
      { metric: `${label}: run creation (POST → opening task queued)`, value: round(t.createMs, 0), unit: 'ms' },
      { metric: `${label}: report done → completed seen over REST`, value: round(t.finishMs, 0), unit: 'ms' },
      { metric: `${label}: LLM calls beyond the chain's ${tasks}`, value: calls.n - tasks, unit: 'calls', goal: { max: 0 } },
    );
    for (const svc of ['orchestrator', 'engine-actor', 'llm-gateway']) {
      const ms = m.cpuMsByService[svc];
      if (ms !== undefined) figures.push({ metric: `${label}: ${svc} CPU per round`, value: round(ms / c.r, 0), unit: 'ms' });
    }
    const stackMs = Object.values(m.cpuMsByService).reduce((a, b) => a + b, 0);
    figures.push({ metric: `${label}: stack CPU per round (services, nats-server, Postgres backends)`, value: round(stackMs / c.r, 0), unit: 'ms' });
    if (m.cpuBusy !== null) figures.push({ metric: `${label}: machine CPU busy during the run (all cores, any process)`, value: round(m.cpuBusy, 0), unit: '%' });
  }
  for (const { c, why } of failed) {
    console.log(`\nN=${c.n} R=${c.r} L=${c.l} ms: FAILED: ${why}`);
    figures.push({ metric: `N=${c.n} R=${c.r} L=${c.l} ms: run completed`, value: 0, unit: 'yes=1', goal: { min: 1 } });
  }
  if (!figures.length) throw new Error('no configuration fitted in the time limit');
  const measured = results.map(({ c }) => `N=${c.n} R=${c.r} L=${c.l} ms`).join('; ') || 'none';
  const setting =
    `shipped town-hall-debate grown to N actors (its 3 actor roles repeated) plus its narrator and analyst, simultaneous turns, ` +
    `max_turns N×R, analysis_every_n_turns 0, no completion condition, actor actions speak/act/think, LLM cache off; ` +
    `mock LLM at a fixed L per call (SCRAI_MOCK_LATENCY), engine-actor concurrency ${maxActors + 8}, llm-gateway max concurrency ≥ N+8, ` +
    `one process per service, own nats-server (default settings); lower bound = (2R+2) × L: the opening, R × (actors in parallel → narrator resolution), the report; ` +
    `wall time from POST /runs to the run seen completed over REST (polled every ${POLL_MS} ms from 90% of the lower bound on), after a one-round warm-up run; ` +
    `measured: ${measured}` +
    (failed.length ? `; failed: ${failed.map(({ c, why }) => `${c.text} (${why})`).join('; ')}` : '') +
    (skipped.length ? `; skipped for time: ${skipped.map((c) => c.text).join(', ')}` : '');
  const result = { name: 'critical-path', setting, figures, command: `pnpm bench critical-path ${configs.map((c) => c.text).join(' ')}` };
  console.log(`\nBENCH_RESULT ${JSON.stringify(result)}`);
} finally {
  progress('cleanup: stopping the services, dropping the database, stopping the broker');
  await llm?.stop().catch((e) => progress(`stopping the llm-gateway: ${e.message}`));
  await core.stop().catch((e) => progress(`stopping the stack: ${e.message}`));
  await place.close();
}
