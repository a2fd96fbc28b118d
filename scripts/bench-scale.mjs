#!/usr/bin/env node
// Scale benchmark: the largest scenario the stack runs on this machine, and what it costs in memory.
//
//   agents = one run with N actors (one stored agent template, an inline scenario with N roles),
//            round robin, max_turns = min(N, 200); N steps up (default 100, 1,000, 2,000, 3,000, 10,000)
//            and the ladder stops at the first size that fails or misses its time bound
//            (SCRAI_SCALE_POLICY=simultaneous: one simultaneous round of N actor turns instead)
//   turns  = one run of 4 actors (actions: speak only, so nobody leaves and no narrator) with
//            max_turns stepping up (default 1,000, 10,000, 100,000) within the time left
//   memory = each service's resident set (VmRSS, sampled every 500 ms) during every step, plus the
//            private nats-server's and the Postgres backends' serving the run's database
//
// In the agents steps every message the services publish in the namespace is sized on the way
// (bench-message-tap.mjs), so a step shows how large its start command, engine tasks, KV run record
// and LLM requests were. SCRAI_SCALE_CENSUS=1 counts all of the broker's traffic in the turns steps
// (messages per turn by kind; it adds work to the nats-server, so turns/s drop).
// Mock LLM at zero latency; the stack (one process per service) runs from the built dist on a
// private nats-server and a scratch database, both removed at the end. The CPU time each process
// used in a step is reported per turn. SCRAI_PROFILE_DIR=<dir> writes a CPU profile of each service
// (node --cpu-prof); SCRAI_SCALE_NATS_URL=<url> uses that (otherwise idle) nats-server instead of a
// private one, e.g. one configured with a larger max_payload (the namespace's streams are deleted
// from it at the end); SCRAI_KEEP_SCALE_DIR=1 keeps var/bench-scale/<pid> (service logs).
//
// Usage: node scripts/bench-scale.mjs [agent sizes=100,1000,2000,3000,10000] [turn sizes=1000,10000,100000] [budget s=230]
//        (pnpm bench scale). The budget is for the steps; setup and cleanup come on top.
import { mkdirSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { createScratchDatabase, ensureNats, ensurePostgres, freePort, startPrivateNats, startStack } from '../libs/devstack/dist/index.js';
import { ScraiClient } from '../libs/sdk/dist/index.js';
import { brokerNames } from '../libs/contracts/dist/index.js';
import { jetstreamManager } from '../libs/messaging/dist/index.js';
import { cpuBetween, cpuSnapshot, mib, natsServerPid, startMemorySampler } from './bench-process-usage.mjs';
import { startMessageTap } from './bench-message-tap.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const list = (s) => s.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const AGENT_SIZES = list(process.argv[2] ?? '100,1000,2000,3000,10000');
const TURN_SIZES = list(process.argv[3] ?? '1000,10000,100000');
const BUDGET_MS = Number(process.argv[4] ?? 230) * 1000;
const AGENT_TURNS_CAP = 200;
/**
 * The agents steps' turn policy (SCRAI_SCALE_POLICY): round_robin (default), or simultaneous, where
 * one round schedules a task for every actor in one decision and max_turns is the agent count (one round).
 */
const AGENT_POLICY = process.env.SCRAI_SCALE_POLICY === 'simultaneous' ? 'simultaneous' : 'round_robin';
const AGENT_STEP_MAX_MS = 60_000;
/** Share of the budget the agents ladder may use; the turns ladder gets the rest. */
const AGENTS_SHARE = 0.45;
/** A step is attempted only with at least this much of its bound left. */
const MIN_STEP_MS = 15_000;
const TURN_ACTORS = 4;
const GOAL_AGENTS = 10_000;
const GOAL_TURNS = 100_000;
const TEMPLATE = 'scale-actor';
const SERVICES = ['gateway', 'orchestrator', 'engine-actor', 'engine-narrator', 'engine-analyst', 'llm-gateway', 'persistence'];

const progress = (m) => process.stderr.write(`[bench scale] ${m}\n`);
const fmt = (n) => n.toLocaleString('en-US');
const round = (x, d = 1) => +x.toFixed(d);

// ---- setup: private broker, scratch database, the stack ----
const dir = `${root}/var/bench-scale/${process.pid}`;
mkdirSync(dir, { recursive: true });
const nats = process.env.SCRAI_SCALE_NATS_URL
  ? await ensureNats({ url: process.env.SCRAI_SCALE_NATS_URL, projectDir: root })
  : await startPrivateNats({ dir });
const natsPort = Number(new URL(nats.url.replace(/^nats:/, 'http:')).port);
const pgInfo = await ensurePostgres({ url: process.env.DATABASE_URL, database: 'scrai' });
const db = await createScratchDatabase(pgInfo.adminUrl, 'scrai_scale');
const port = await freePort();
const namespace = `scale-${process.pid}`.slice(0, 32);
const names = brokerNames(namespace);
/** Warnings and errors the services print, per step (LOG_LEVEL warn): the reason of a failure. */
let serviceLines = [];
const stack = startStack({
  rootDir: root,
  env: { NATS_URL: nats.url, DATABASE_URL: db.url, SCRAI_NAMESPACE: namespace, PORT: String(port), GRPC_PORT: '0', LOG_LEVEL: 'warn', SCRAI_MOCK_LATENCY: '0' },
  nodeArgs: process.env.SCRAI_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SCRAI_PROFILE_DIR}`] : [],
  logDir: `${dir}/logs`,
  onLine: (service, _i, line) => serviceLines.length < 200 && serviceLines.push({ service, line }),
});
const sql = new pg.Client({ connectionString: db.url });
let nc;
let sampler;
/** { service: pids[] } of the stack, the nats-server and the run database's Postgres backends. */
let processGroups;
let tap;
try {
  await stack.waitHealthy(120_000);
  await sql.connect();
  nc = await connect({ servers: nats.url });
  tap = startMessageTap(nc, { namespace, runsBucket: names.kv.runs });
  // all of the broker's traffic, for the turns steps when asked (it adds work to the nats-server)
  const census = process.env.SCRAI_SCALE_CENSUS === '1' ? startMessageTap(nc, { namespace, subjects: ['>'] }) : null;
  const natsPid = natsServerPid(natsPort);
  const ownBackend = (await sql.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  processGroups = async () => {
    const groups = Object.fromEntries(SERVICES.map((s) => [s, stack.processes.filter((p) => p.name === s && p.running).map((p) => p.pid)]));
    groups['nats-server'] = natsPid ? [natsPid] : [];
    const backends = await sql.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [db.name, ownBackend]);
    groups.postgres = backends.rows.map((r) => r.pid);
    return groups;
  };
  sampler = startMemorySampler({
    intervalMs: 500,
    groups: processGroups,
    // a backend's RSS counts the shared buffers it touched, which every backend shares: count its private part
    measureOf: { postgres: (m) => m.rss - m.shmem },
  });
  const client = new ScraiClient({ baseUrl: `http://127.0.0.1:${port}` });
  await client.createAgent({
    name: TEMPLATE,
    engine_type: 'actor',
    persona: {
      role: 'town resident',
      backstory: 'Has lived in the valley town for twenty years and runs the bakery on the square.',
      goals: ['Keep the bakery open through the road works'],
    },
  });
  progress(`stack healthy (namespace ${namespace}, nats-server ${nats.url}, database ${db.name})`);

  const t0 = Date.now();
  const agentsDeadline = t0 + BUDGET_MS * AGENTS_SHARE;
  const deadline = t0 + BUDGET_MS;
  const agentSteps = await ladder('agents', AGENT_SIZES, () => Math.min(AGENT_STEP_MAX_MS, agentsDeadline - Date.now()), (n, bound) => agentsStep(client, n, bound), tap);
  tap.stop();
  const turnSteps = await ladder('turns', TURN_SIZES, () => deadline - Date.now(), (n, bound) => turnsStep(client, n, bound), census);
  census?.stop();
  report(agentSteps, turnSteps);
} finally {
  progress('cleanup: stopping the stack, the private nats-server; dropping the database');
  sampler?.stop();
  if (nc && process.env.SCRAI_SCALE_NATS_URL) await deleteNamespace(nc).catch((e) => progress(`deleting namespace ${namespace}: ${e.message}`));
  await nc?.close().catch(() => undefined);
  await sql.end().catch(() => undefined);
  await stack.stop().catch((e) => progress(`stopping the stack: ${e.message}`));
  await nats.stop().catch(() => undefined);
  await db.drop().catch((e) => progress(`dropping ${db.name}: ${e.message}`));
  if (!process.env.SCRAI_KEEP_SCALE_DIR) rmSync(dir, { recursive: true, force: true });
}

/** Deletes every stream (and so every KV bucket) of the namespace from a server the benchmark did not start. */
async function deleteNamespace(conn) {
  const jsm = await jetstreamManager(conn);
  const prefixes = [`${namespace.toUpperCase().replace(/-/g, '_')}_`, `KV_${namespace}-`];
  const doomed = [];
  for await (const st of jsm.streams.list()) if (prefixes.some((x) => st.config.name.startsWith(x))) doomed.push(st.config.name);
  for (const name of doomed) await jsm.streams.delete(name).catch(() => undefined);
}

/**
 * Runs the steps in order while they succeed and time is left; each step gets `boundOf()` ms and
 * its messages are counted by `stepTap` (when given). Answers every step, the first not attempted included.
 */
async function ladder(what, sizes, boundOf, step, stepTap) {
  const steps = [];
  for (const n of sizes) {
    const bound = boundOf(n);
    if (bound < MIN_STEP_MS) {
      steps.push({ n, ok: false, skipped: true, reason: `not attempted: ${Math.max(0, Math.round(bound / 1000))} s of the budget left` });
      progress(`${what} ${fmt(n)}: not attempted (no time left)`);
      break;
    }
    progress(`${what} ${fmt(n)}: starting (bound ${Math.round(bound / 1000)} s)`);
    serviceLines = [];
    stepTap?.take();
    await sampler.window();
    const cpu0 = cpuSnapshot(await processGroups());
    const result = await step(n, bound);
    result.cpu_ms = cpuBetween(cpu0, cpuSnapshot(await processGroups()));
    result.memory = await sampler.window();
    if (stepTap) result.messages = stepTap.take();
    steps.push(result);
    printStep(what, result);
    if (!result.ok) break;
  }
  return steps;
}

/** A scenario of `actors` roles, all played by the scale-actor template; actors may only speak. */
function scenarioOf(name, actors, maxTurns, seed, policy = 'round_robin') {
  const width = String(actors).length;
  const roles = Object.fromEntries(Array.from({ length: actors }, (_, i) => [`r${String(i + 1).padStart(width, '0')}`, { agent: TEMPLATE }]));
  return {
    name,
    roles,
    turn_policy: policy,
    max_turns: maxTurns,
    timeout_seconds: 7 * 24 * 3600,
    completion_conditions: [],
    opening_situation: 'The town council meets about the road works that block the square.',
    actor_actions: ['speak'],
    seed,
  };
}

/** Creates the run; answers { id } or { error } (the API's status and message). */
async function createRun(client, scenario) {
  try {
    return { id: (await client.createRun({ scenario, overrides: { analysis_every_n_turns: 0 } })).id };
  } catch (e) {
    return { error: e.status ? `POST /runs answered ${e.status}: ${e.message}` : `POST /runs failed: ${e.message}` };
  }
}

/**
 * Polls the run until it ends or `boundMs` passes (then it is stopped); calls `onPoll(run, ms)`.
 * Answers { run, inBound }.
 */
async function waitBounded(client, id, boundMs, t0, onPoll = () => {}) {
  for (;;) {
    const run = await client.getRun(id).catch(() => null);
    const ms = performance.now() - t0;
    if (run) onPoll(run, ms);
    if (run && ['completed', 'failed', 'stopped', 'budget_exceeded'].includes(run.status)) return { run, inBound: true };
    if (ms > boundMs) {
      await client.stopRun(id, 'scale benchmark: time bound').catch(() => undefined);
      return { run: run ?? { status: 'unknown', turn_count: 0 }, inBound: false };
    }
    await sleep(Math.min(1000, Math.max(100, ms / 20)));
  }
}

/** The first warning or error the services printed in this step, shortened. */
function firstServiceProblem() {
  for (const { service, line } of serviceLines) {
    try {
      const j = JSON.parse(line);
      const level = typeof j.level === 'number' ? j.level : ({ warn: 40, error: 50, fatal: 60 }[j.level] ?? 0);
      if (level >= 40) return `${service}: ${[j.msg, j.err?.message ?? j.err ?? j.error].filter(Boolean).join(': ')}`.slice(0, 300);
    } catch {
      if (/error|exceed|payload/i.test(line)) return `${service}: ${line}`.slice(0, 300);
    }
  }
  return null;
}

/** `reason`, followed by what the services logged about it (given a moment to arrive). */
async function withServiceProblem(reason) {
  await sleep(500);
  const why = firstServiceProblem();
  return why ? `${reason}; services logged: ${why}` : reason;
}

/** ms per turn between actor turns `from` and `to` of the run, from the stored events' times. */
async function turnTimes(runId, points) {
  const r = await sql.query(
    `SELECT (payload->>'turn')::int AS turn, (extract(epoch FROM at) * 1000)::float8 AS ms
       FROM events WHERE run_id = $1 AND type = 'actor.turn' AND (payload->>'turn')::int = ANY($2::int[])`,
    [runId, points],
  );
  return new Map(r.rows.map((row) => [row.turn, row.ms]));
}

async function agentsStep(client, n, boundMs) {
  const maxTurns = AGENT_POLICY === 'simultaneous' ? n : Math.min(n, AGENT_TURNS_CAP);
  const scenario = scenarioOf(`scale-agents-${n}`, n, maxTurns, 1, AGENT_POLICY);
  const bodyBytes = Buffer.byteLength(JSON.stringify({ scenario, overrides: { analysis_every_n_turns: 0 } }));
  const t0 = performance.now();
  const created = await createRun(client, scenario);
  const base = { n, max_turns: maxTurns, body_bytes: bodyBytes };
  if (created.error) return { ...base, ok: false, seconds: (performance.now() - t0) / 1000, reason: await withServiceProblem(created.error) };
  let started;
  const { run, inBound } = await waitBounded(client, created.id, boundMs, t0, (r, ms) => {
    if (started === undefined && r.status !== 'pending') started = ms / 1000;
  });
  const seconds = (performance.now() - t0) / 1000;
  const times = await turnTimes(created.id, [1, run.turn_count]);
  const perTurnMs = run.turn_count > 1 && times.size === 2 ? (times.get(run.turn_count) - times.get(1)) / (run.turn_count - 1) : null;
  const out = { ...base, id: created.id, seconds, start_seconds: started ?? null, turns: run.turn_count, status: run.status, per_turn_ms: perTurnMs };
  if (!inBound) {
    const why = firstServiceProblem();
    return { ...out, ok: false, reason: `not complete within ${Math.round(boundMs / 1000)} s (status ${run.status}, ${run.turn_count}/${maxTurns} turns)${why ? `; services logged: ${why}` : ''}` };
  }
  if (run.status !== 'completed' || run.turn_count < maxTurns) {
    return { ...out, ok: false, reason: `run ${run.status} after ${run.turn_count}/${maxTurns} turns${run.error ? `: ${run.error}` : ''}` };
  }
  return { ...out, ok: true };
}

async function turnsStep(client, n, boundMs) {
  const scenario = scenarioOf(`scale-turns-${n}`, TURN_ACTORS, n, 2);
  const t0 = performance.now();
  const created = await createRun(client, scenario);
  if (created.error) return { n, ok: false, seconds: 0, reason: await withServiceProblem(created.error) };
  let lastNote = 0;
  // the memory as the run grows: each group's resident set (peak so far) against the turns so far
  const timeline = [];
  const { run, inBound } = await waitBounded(client, created.id, boundMs, t0, (r, ms) => {
    if (ms - lastNote < 15_000) return;
    lastNote = ms;
    timeline.push({ turns: r.turn_count, rss: sampler.peaks() });
    progress(`turns ${fmt(n)}: ${fmt(r.turn_count)} turns after ${Math.round(ms / 1000)} s`);
  });
  const seconds = (performance.now() - t0) / 1000;
  const turns = run.turn_count;
  // how the time per turn evolves: ten equal slices of the turns the run committed
  const points = [1, ...Array.from({ length: 10 }, (_, i) => Math.max(1, Math.round(((i + 1) * turns) / 10)))];
  const times = await turnTimes(created.id, points);
  const slices = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (b > a && times.has(a) && times.has(b)) slices.push(round((times.get(b) - times.get(a)) / (b - a), 2));
  }
  const span = times.has(1) && times.has(turns) && turns > 1 ? (times.get(turns) - times.get(1)) / 1000 : seconds;
  const rate = turns > 1 ? (turns - 1) / span : 0;
  const out = { n, id: created.id, seconds, turns, status: run.status, turns_per_second: rate, slice_ms_per_turn: slices, rss_growth: growthOf(timeline) };
  if (!inBound) {
    const why = firstServiceProblem();
    const projected = rate > 0 ? Math.round(n / rate) : null;
    return { ...out, ok: false, projected_seconds: projected, reason: `not complete within ${Math.round(boundMs / 1000)} s: ${fmt(turns)} of ${fmt(n)} turns at ${round(rate)} turns/s${projected ? ` (all ${fmt(n)} would take ~${fmt(projected)} s at that rate)` : ''}${why ? `; services logged: ${why}` : ''}` };
  }
  if (run.status !== 'completed' || turns < n) return { ...out, ok: false, reason: `run ${run.status} after ${fmt(turns)} turns${run.error ? `: ${run.error}` : ''}` };
  return { ...out, ok: true };
}

/**
 * Bytes of resident memory each group gained per 10,000 turns over the later half of the timeline
 * (the first half holds the start-up: JIT, heap sizing, caches filling).
 */
function growthOf(timeline) {
  const [a, b] = [timeline[Math.floor(timeline.length / 2)], timeline.at(-1)];
  if (!a || !b || b.turns - a.turns < 2000) return null;
  return Object.fromEntries(Object.keys(b.rss).map((k) => [k, (((b.rss[k] ?? 0) - (a.rss[k] ?? 0)) * 10_000) / (b.turns - a.turns)]));
}

function printStep(what, s) {
  const head = s.ok ? 'ok' : s.skipped ? 'skipped' : 'FAILED';
  const parts = [`${what} ${fmt(s.n)}: ${head}`];
  if (s.seconds !== undefined) parts.push(`${round(s.seconds)} s`);
  if (s.turns !== undefined) parts.push(`${fmt(s.turns)} turns`);
  if (s.per_turn_ms) parts.push(`${round(s.per_turn_ms, 2)} ms/turn`);
  if (s.turns_per_second) parts.push(`${round(s.turns_per_second)} turns/s`);
  if (s.body_bytes) parts.push(`POST body ${fmt(s.body_bytes)} B`);
  console.log(parts.join(', '));
  if (s.reason) console.log(`  reason: ${s.reason}`);
  if (s.slice_ms_per_turn?.length) console.log(`  ms per turn, by tenth of the run: ${s.slice_ms_per_turn.join(' ')}`);
  if (s.cpu_ms && s.turns) {
    const perTurn = Object.entries(s.cpu_ms).map(([k, v]) => [k, v / s.turns]);
    const total = perTurn.reduce((a, [, v]) => a + v, 0);
    console.log(`  CPU ms per turn: ${perTurn.map(([k, v]) => `${k} ${round(v, 2)}`).join(', ')}; total ${round(total, 2)}`);
  }
  if (s.rss_growth) console.log(`  RSS growth MiB per 10,000 turns: ${Object.entries(s.rss_growth).map(([k, v]) => `${k} ${mib(v)}`).join(', ')}`);
  if (s.memory) console.log(`  peak RSS MiB: ${Object.entries(s.memory).map(([k, v]) => `${k} ${mib(v)}`).join(', ')}`);
  if (s.messages) {
    const big = Object.entries(s.messages).sort((a, b) => b[1].max - a[1].max).slice(0, 8);
    console.log(`  largest messages (max B / count): ${big.map(([k, v]) => `${k} ${fmt(v.max)}/${fmt(v.count)}`).join(', ')}`);
    if (s.turns) {
      const all = Object.values(s.messages).reduce((t, v) => ({ count: t.count + v.count, bytes: t.bytes + v.bytes }), { count: 0, bytes: 0 });
      const each = Object.entries(s.messages)
        .filter(([, v]) => v.count / s.turns >= 0.05)
        .sort((a, b) => b[1].count - a[1].count)
        .map(([k, v]) => `${k} ${round(v.count / s.turns, 2)}`);
      console.log(`  messages per turn: ${round(all.count / s.turns, 1)} (${fmt(Math.round(all.bytes / s.turns))} B): ${each.join(', ')}`);
    }
  }
}

function report(agentSteps, turnSteps) {
  const largest = (steps) => steps.filter((s) => s.ok).reduce((m, s) => Math.max(m, s.n), 0);
  const firstFailed = (steps) => steps.find((s) => !s.ok && !s.skipped);
  const agentsOk = largest(agentSteps);
  const turnsOk = largest(turnSteps);
  const aFail = firstFailed(agentSteps);
  const tFail = firstFailed(turnSteps);
  const lastAgents = [...agentSteps].reverse().find((s) => s.per_turn_ms);
  const longest = [...turnSteps].filter((s) => s.turns).sort((a, b) => b.turns - a.turns)[0];
  const peaks = {};
  for (const s of [...agentSteps, ...turnSteps]) for (const [k, v] of Object.entries(s.memory ?? {})) peaks[k] = Math.max(peaks[k] ?? 0, v);
  const slices = longest?.slice_ms_per_turn ?? [];

  const figures = [
    { metric: 'largest agent count whose run completed', value: agentsOk, unit: 'agents', goal: { min: GOAL_AGENTS } },
    { metric: 'first agent count that failed (0: none)', value: aFail?.n ?? 0, unit: 'agents' },
  ];
  if (lastAgents) figures.push({ metric: `time per turn with ${fmt(lastAgents.n)} agents`, value: round(lastAgents.per_turn_ms, 2), unit: 'ms' });
  // what one agent adds to the messages that carry the whole roster (largest completed size)
  const sized = [...agentSteps].reverse().find((s) => s.ok && s.messages);
  for (const [cls, what] of [['cmd.start', 'start command (the run spec)'], ['kv.runs.state', 'KV run record (state + outbox)'], ['task.actor', 'actor task'], ['llm.req', 'LLM request']]) {
    const m = sized?.messages?.[cls];
    if (m) figures.push({ metric: `${what} bytes per agent (largest of ${fmt(sized.n)} agents / agents)`, value: Math.round(m.max / sized.n), unit: 'B/agent' });
  }
  figures.push(
    { metric: 'largest turn count whose run completed', value: turnsOk, unit: 'turns', goal: { min: GOAL_TURNS } },
    { metric: 'first turn count that failed (0: none)', value: tFail?.n ?? 0, unit: 'turns' },
  );
  if (longest) {
    figures.push(
      { metric: `turns per second (longest run, ${fmt(longest.turns)} turns)`, value: round(longest.turns_per_second), unit: 'turns/s' },
      { metric: `projected time for ${fmt(GOAL_TURNS)} turns at that rate`, value: Math.round(GOAL_TURNS / Math.max(longest.turns_per_second, 1e-9)), unit: 's' },
    );
    if (slices.length >= 2) {
      figures.push(
        { metric: 'time per turn, first tenth of the longest run', value: slices[0], unit: 'ms' },
        { metric: 'time per turn, last tenth of the longest run', value: slices.at(-1), unit: 'ms' },
      );
    }
  }
  for (const k of [...SERVICES, 'nats-server', 'postgres']) if (peaks[k] !== undefined) figures.push({ metric: `peak RSS ${k}${k === 'postgres' ? ' (backends, private)' : ''}`, value: mib(peaks[k]), unit: 'MiB' });

  const outcome = [
    aFail ? `agents: ${fmt(aFail.n)} failed — ${aFail.reason}` : `agents: every size completed`,
    tFail ? `turns: ${fmt(tFail.n)} failed — ${tFail.reason}` : `turns: every size completed`,
  ].join('; ');
  const setting =
    `one stack (one process per service, mock LLM at zero latency) on a private nats-server (max_payload 1 MiB) and a scratch database; ` +
    `agents: one run per size (${AGENT_SIZES.map(fmt).join(', ')} actors of one stored agent template, inline scenario, actions speak only, ` +
    `${AGENT_POLICY === 'simultaneous' ? 'simultaneous, max_turns = agents (one round)' : `round robin, max_turns = min(agents, ${AGENT_TURNS_CAP})`}), bound min(${AGENT_STEP_MAX_MS / 1000} s, what is left of ${Math.round((BUDGET_MS * AGENTS_SHARE) / 1000)} s); ` +
    `turns: one run per size (${TURN_SIZES.map(fmt).join(', ')} max_turns, ${TURN_ACTORS} actors, round robin, speak only) within what is left of ${Math.round(BUDGET_MS / 1000)} s; ` +
    `a ladder stops at its first failure; peak RSS sampled every 500 ms over all steps (Postgres: backends of the run's database, RSS minus shared memory). ` +
    `Outcome: ${outcome}`;
  const result = { name: 'scale', setting, figures, command: `pnpm bench scale ${AGENT_SIZES.join(',')} ${TURN_SIZES.join(',')} ${BUDGET_MS / 1000}` };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}
