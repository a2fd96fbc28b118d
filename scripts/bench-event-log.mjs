#!/usr/bin/env node
// Event-log benchmark: how many run events per second the persistence service stores durably in
// Postgres under load, at its default batch size and a larger one, measured in one run. For each
// batch size: a private nats-server, a scratch database and one persistence process
// (SCRAI_PERSIST_BATCH = the size), nothing else. This process publishes N valid run events of R
// interleaved runs (each a run.started, then actor.turn events) straight to the EVENTS stream as the
// orchestrator does (subject <ns>.evt.<run>.<type>, msgID = event id), as fast as JetStream acks them
// with a window of outstanding publishes, and reports
//
//   written  = N ÷ (time from the first publish until persistence acked the last event; it acks
//              only after the event's transaction committed; checked by SELECT count(*) at the end)
//   publish  = N ÷ (time from the first publish to the last PubAck): the broker side alone
//
// Publishing stops after PUBLISH_LIMIT_S and the wait for the database after DRAIN_LIMIT_S, so a
// slow machine reports the events stored so far over the time taken (marked "incomplete").
//
// Usage: node scripts/bench-event-log.mjs [events=120000] [batch sizes=500,2000]   (pnpm bench event-log)
// CPU profile of the persistence process: SCRAI_PROFILE_DIR=/tmp/prof pnpm bench event-log
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { brokerNames, eventIdOf } from '../libs/contracts/dist/index.js';
import { collectHealth, jetstream, jetstreamManager } from '../libs/messaging/dist/index.js';
import { CpuAccount } from './bench-process-cpu.mjs';
import { boundedRun, startScratchStack } from './bench-scratch-stack.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const EVENTS = Number(process.argv[2] ?? 120_000);
const BATCHES = (process.argv[3] ?? '500,2000').split(',').map(Number);
const RUNS = 200;
const WINDOW = 512; // publishes awaiting their PubAck (larger windows published slower with nats.js here)
const PUBLISH_LIMIT_S = 20;
const DRAIN_LIMIT_S = 40;
const POLL_MS = 50;
const GOAL = 50_000;
const DEADLINE_MS = 110_000 * BATCHES.length;
const PROFILE_DIR = process.env.SCRAI_PROFILE_DIR;

const progress = (m) => process.stderr.write(`[bench event-log] ${m}\n`);
const round = (x, d = 1) => +x.toFixed(d);

/** Deterministic run ids (v4-shaped uuids) so the events are the same for every batch size. */
const runIdOf = (r) => `00000000-0000-4000-8000-${r.toString(16).padStart(12, '0')}`;
const AGENTS = ['mayor', 'business_owner', 'activist'];
const LINE =
  'The budget closes the deficit, but the commercial tax increase lands on the shops that kept Main Street alive; ' +
  'I ask the council to phase it in over two years and to publish the road-repair schedule before the vote.';

/** The events in publish order: R runs interleaved (as concurrent runs produce them), each seq 1 = run.started. */
function buildEvents(n) {
  const at = new Date().toISOString();
  const out = [];
  for (let seq = 1; out.length < n; seq++) {
    for (let r = 0; r < RUNS && out.length < n; r++) {
      const run_id = runIdOf(r);
      const agent = AGENTS[seq % AGENTS.length];
      const e =
        seq === 1
          ? {
              type: 'run.started',
              agent_id: null,
              payload: {
                scenario_name: 'event-log-bench', turn_policy: 'round_robin', max_turns: 1_000_000, timeout_seconds: 3600,
                deadline_at: new Date(Date.now() + 3600_000).toISOString(), seed: r,
                agents: AGENTS.map((id) => ({ id, engine_type: 'actor', template_name: 'small-business-owner', role: id })),
              },
            }
          : {
              type: 'actor.turn',
              agent_id: agent,
              task_seq: seq - 1,
              payload: { turn: seq - 1, round: Math.ceil((seq - 1) / AGENTS.length), action: 'speak', content: LINE, target: null, usage: { provider: 'mock', model: 'mock-1', tokens_in: 412, tokens_out: 58 } },
            };
      const event = { id: eventIdOf(run_id, seq), run_id, seq, at, task_seq: null, ...e };
      out.push({ id: event.id, type: event.type, run_id, body: JSON.stringify(event) });
    }
  }
  return out;
}

async function waitPersistenceReady(nc, names, stack) {
  for (const until = Date.now() + 60_000; ; await sleep(200)) {
    if ((await collectHealth(nc, names, 300)).some((r) => r.service === 'persistence' && r.ready)) return;
    const crashed = stack.exits.find((e) => !e.requested);
    if (crashed) throw new Error(`persistence exited while starting (${JSON.stringify(crashed)})`);
    if (Date.now() > until) throw new Error('persistence did not become ready within 60 s');
  }
}

/** One batch size: its own broker, database and persistence process; returns the figures. */
async function measure(batch, events, holder) {
  progress(`batch ${batch}: private nats-server, scratch database, one persistence process`);
  const env = await startScratchStack({
    root,
    name: 'event-log',
    env: { SCRAI_PERSIST_BATCH: String(batch) },
    services: [{ name: 'persistence' }],
    nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}/batch-${batch}`] : [],
    progress,
  });
  holder.env = env;
  const nc = await connect({ servers: env.natsUrl });
  const sql = new pg.Client({ connectionString: env.databaseUrl });
  try {
    const names = brokerNames(env.namespace);
    await waitPersistenceReady(nc, names, env.stack);
    await sql.connect();
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const account = new CpuAccount();
    account.track(env.stack.processes[0].pid, 'persistence');
    account.track(env.natsPid, 'nats-server');
    // the persistence pool may open connections while it works: looked up again now and then
    const trackBackends = async () => {
      const { rows } = await sql.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      for (const b of rows) account.track(b.pid, 'postgres backends');
    };
    await trackBackends();
    const driver0 = process.cpuUsage();
    account.begin();

    progress(`batch ${batch}: publishing ${events.length} events of ${RUNS} runs (window ${WINDOW})`);
    const t0 = performance.now();
    let published = 0;
    let failed = 0;
    let publishEnd = null;
    let storedAtPublishEnd = null;
    const publishing = (async () => {
      let outstanding = 0;
      let wake = null;
      const settled = () => {
        outstanding--;
        const w = wake;
        wake = null;
        w?.();
      };
      for (const e of events) {
        if (performance.now() - t0 > PUBLISH_LIMIT_S * 1000) break;
        while (outstanding >= WINDOW) await new Promise((r) => (wake = r));
        outstanding++;
        js.publish(names.subjects.event(e.run_id, e.type), e.body, { msgID: e.id }).then(
          () => void published++,
          () => void failed++,
        ).finally(settled);
      }
      while (outstanding > 0) await new Promise((r) => (wake = r));
      publishEnd = performance.now();
      const info = await jsm.consumers.info(names.streams.events, names.consumers.persistenceEvents);
      storedAtPublishEnd = { n: info.ack_floor.stream_seq, at: performance.now() };
    })();

    // done when persistence has acked every published event (acks follow the commit)
    let stored = false;
    let lastReport = t0;
    for (;;) {
      await sleep(POLL_MS);
      const now = performance.now();
      if (storedAtPublishEnd !== null) {
        const info = await jsm.consumers.info(names.streams.events, names.consumers.persistenceEvents);
        if (info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= published) {
          stored = true;
          break;
        }
      }
      if (now - t0 > DRAIN_LIMIT_S * 1000) break;
      if (now - lastReport >= 2000) {
        lastReport = now;
        await trackBackends();
        account.sample();
        const info = await jsm.consumers.info(names.streams.events, names.consumers.persistenceEvents);
        progress(`batch ${batch}: ${published} published, ${info.ack_floor.stream_seq} stored`);
      }
    }
    const doneAt = performance.now();
    const rows = Number((await sql.query('SELECT count(*) AS n FROM events')).rows[0].n);
    await trackBackends();
    const cpu = account.end();
    const driverUsage = process.cpuUsage(driver0);
    await publishing;
    const runRows = Number((await sql.query('SELECT count(*) AS n FROM runs')).rows[0].n);
    const seconds = (doneAt - t0) / 1000;
    const publishSeconds = (publishEnd - t0) / 1000;
    const r = {
      batch,
      published,
      failed,
      rows,
      runRows,
      complete: stored && rows === published,
      writtenPerSecond: rows / seconds,
      publishPerSecond: published / publishSeconds,
      // persistence alone: the events it stored after the publisher had finished, over that time
      tail: { events: rows - storedAtPublishEnd.n, perSecond: doneAt > storedAtPublishEnd.at ? (rows - storedAtPublishEnd.n) / ((doneAt - storedAtPublishEnd.at) / 1000) : 0 },
      seconds,
      publishSeconds,
      cpu,
      driverMs: (driverUsage.user + driverUsage.system) / 1000,
    };
    progress(
      `batch ${batch}: ${rows} rows (${runRows} runs) in ${round(seconds, 2)} s = ${round(r.writtenPerSecond, 0)} events/s stored; ` +
        `published in ${round(publishSeconds, 2)} s = ${round(r.publishPerSecond, 0)} events/s; after publishing ended ${r.tail.events} stored at ${round(r.tail.perSecond, 0)} events/s${r.complete ? '' : ' (INCOMPLETE)'}${failed ? `; ${failed} publishes failed` : ''}`,
    );
    return r;
  } finally {
    await sql.end().catch(() => undefined);
    await nc.close().catch(() => undefined);
    await env.close();
    holder.env = null;
  }
}

const holder = { env: null };
await boundedRun(
  { deadlineMs: DEADLINE_MS, label: 'bench event-log', cleanup: async () => holder.env?.close() },
  async () => {
    const events = buildEvents(EVENTS);
    const results = [];
    for (const b of BATCHES) results.push(await measure(b, events, holder));
    return results;
  },
).then(report, (e) => {
  progress(`failed: ${e.message}`);
  process.exit(1);
});

function report(results) {
  console.log(`\n${'batch'.padStart(6)} ${'events'.padStart(8)} ${'stored/s'.padStart(9)} ${'published/s'.padStart(12)} ${'stored in s'.padStart(11)}  CPU cores used (persistence / postgres / nats-server / publisher)`);
  for (const r of results) {
    const cores = (label) => round((r.cpu.byLabel.find((x) => x.label === label)?.ms ?? 0) / 1000 / r.cpu.wallSeconds, 2);
    console.log(
      `${String(r.batch).padStart(6)} ${String(r.rows).padStart(8)} ${String(round(r.writtenPerSecond, 0)).padStart(9)} ${String(round(r.publishPerSecond, 0)).padStart(12)} ${String(round(r.seconds, 2)).padStart(11)}  ` +
        `${cores('persistence')} / ${cores('postgres backends')} / ${cores('nats-server')} / ${round(r.driverMs / 1000 / r.cpu.wallSeconds, 2)}${r.complete ? '' : '  INCOMPLETE'}`,
    );
  }
  console.log('');
  const figures = [];
  for (const r of results) {
    const tag = `batch ${r.batch}${r.batch === 500 ? ' (default)' : ''}`;
    figures.push(
      { metric: `events stored per second, ${tag}`, value: round(r.writtenPerSecond, 0), unit: 'events/s', goal: { min: GOAL } },
      { metric: `events published per second (broker alone), ${tag}`, value: round(r.publishPerSecond, 0), unit: 'events/s' },
      { metric: `events stored per second after publishing ended (persistence alone), ${tag}`, value: round(r.tail.perSecond, 0), unit: `events/s (${r.tail.events} events)` },
      { metric: `events stored, ${tag}`, value: r.rows, unit: `of ${r.published} published` },
      { metric: `events not stored within the ${DRAIN_LIMIT_S} s limit, ${tag}`, value: r.published - r.rows + r.failed, unit: 'events', goal: { max: 0 } },
    );
  }
  const result = {
    name: 'event-log',
    setting:
      `${EVENTS} run events (${RUNS} interleaved runs: run.started then actor.turn with a ~220-character line) published by one process straight to the EVENTS stream ` +
      `(msgID = event id, ${WINDOW} publishes awaiting their ack) while one persistence process writes them to a scratch database; ` +
      `private nats-server per batch size; stored = from the first publish until persistence acked the last event (it acks after the commit), rows checked by count(*); ` +
      `publisher, broker, persistence and Postgres share the machine; publishing capped at ${PUBLISH_LIMIT_S} s, waiting at ${DRAIN_LIMIT_S} s`,
    figures,
    command: `pnpm bench event-log ${EVENTS} ${BATCHES.join(',')}`,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}
