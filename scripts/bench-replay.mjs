#!/usr/bin/env node
// Replay benchmark: a finished run again from the llm-gateway's cache. The mock provider answers
// after a fixed delay, so the original run pays real LLM time; for each of N seeds the town-hall
// debate runs to its end, then POST /runs/{id}/replay re-runs it, and the bench reports
//
//   provider calls of the replays = llm_calls rows of the replay runs not served from the cache,
//                                   and the sum of their provider attempts (goal: 0)
//   identical transcripts         = replays whose events equal the original's in type, agent and
//                                   payload (deadline_at aside), as tests/e2e/replay.test.ts compares
//   replay time ÷ original time   = wall time from POST to the run's end as seen by the client
//
// Usage: node scripts/bench-replay.mjs [runs=5] [latency_ms=100]   (pnpm bench replay)
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { boundedRun, startScratchStack } from './bench-scratch-stack.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 5);
const LATENCY_MS = Number(process.argv[3] ?? 100);
const FIRST_SEED = 42;
const POLL_MS = 20;
const RUN_TIMEOUT_MS = 60_000;
const DEADLINE_MS = 150_000;

const progress = (m) => process.stderr.write(`[bench replay] ${m}\n`);
const round = (x, d = 2) => +x.toFixed(d);

/** What must be equal between a run and its replay: the transcript without ids, times and deadlines. */
const transcriptOf = (events) =>
  events.map((e) => {
    const { deadline_at: _deadline, ...payload } = e.payload;
    return JSON.stringify({ type: e.type, agent_id: e.agent_id, payload });
  });

const sameTranscript = (a, b) => {
  const [ta, tb] = [transcriptOf(a), transcriptOf(b)];
  return ta.length === tb.length && ta.every((x, i) => x === tb[i]);
};

let env;
await boundedRun(
  { deadlineMs: DEADLINE_MS, label: 'bench replay', cleanup: async () => env?.close() },
  async () => {
    progress(`starting a private stack (mock latency fixed:${LATENCY_MS} ms)`);
    env = await startScratchStack({ root, name: 'replay', env: { SCRAI_MOCK_LATENCY: `fixed:${LATENCY_MS}` }, progress });
    const { client } = env;
    const sql = new pg.Client({ connectionString: env.databaseUrl });
    await sql.connect();
    /** The run's llm_calls rows once `min` of them are stored (records arrive on their own stream). */
    const callsOf = async (runId, min) => {
      for (const until = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 100))) {
        const { rows } = await sql.query('SELECT cached, attempts, status FROM llm_calls WHERE run_id = $1', [runId]);
        if (rows.length >= min || Date.now() > until) return rows;
      }
    };
    const timedRun = async (start) => {
      const t0 = performance.now();
      const { id } = await start();
      const run = await client.waitForRun(id, { timeoutMs: RUN_TIMEOUT_MS, pollMs: POLL_MS });
      return { id, run, ms: performance.now() - t0 };
    };
    try {
      // one unmeasured pair first: every service's code paths are compiled before the clock runs
      progress(`warm-up: seed ${FIRST_SEED - 1} and its replay`);
      const warm = await timedRun(() => client.createRun({ scenario: 'town-hall-debate', overrides: { seed: FIRST_SEED - 1 } }));
      await timedRun(() => client.replayRun(warm.id));
      const pairs = [];
      for (let i = 0; i < RUNS; i++) {
        const seed = FIRST_SEED + i;
        const original = await timedRun(() => client.createRun({ scenario: 'town-hall-debate', overrides: { seed } }));
        if (original.run.status !== 'completed') throw new Error(`original run ${original.id} ended ${original.run.status}: ${original.run.error ?? ''}`);
        const replay = await timedRun(() => client.replayRun(original.id));
        const [originalEvents, replayEvents] = [await client.allEvents(original.id), await client.allEvents(replay.id)];
        const originalCalls = await callsOf(original.id, 1);
        const replayCalls = await callsOf(replay.id, originalCalls.length);
        const pair = {
          seed,
          originalMs: original.ms,
          replayMs: replay.ms,
          events: originalEvents.length,
          identical: replay.run.status === 'completed' && sameTranscript(originalEvents, replayEvents),
          originalCalls: originalCalls.length,
          replayCalls: replayCalls.length,
          providerCalls: replayCalls.filter((c) => !c.cached).length,
          attempts: replayCalls.reduce((n, c) => n + c.attempts, 0),
        };
        pairs.push(pair);
        progress(
          `seed ${seed}: original ${round(pair.originalMs, 0)} ms (${pair.events} events, ${pair.originalCalls} LLM calls), ` +
            `replay ${round(pair.replayMs, 0)} ms (${replay.run.status}, ${pair.replayCalls} calls, ${pair.providerCalls} not cached, ${pair.attempts} attempts), ` +
            `transcript ${pair.identical ? 'identical' : 'DIFFERS'}`,
        );
      }
      return pairs;
    } finally {
      await sql.end().catch(() => undefined);
    }
  },
).then(report, (e) => {
  progress(`failed: ${e.message}`);
  process.exit(1);
});

function report(pairs) {
  const sum = (f) => pairs.reduce((n, p) => n + f(p), 0);
  const [originalMs, replayMs] = [sum((p) => p.originalMs), sum((p) => p.replayMs)];
  const ratios = pairs.map((p) => p.replayMs / p.originalMs).sort((a, b) => a - b);
  const median = ratios.length % 2 ? ratios[(ratios.length - 1) / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
  const result = {
    name: 'replay',
    setting:
      `${RUNS} town-hall-debate runs (seeds ${FIRST_SEED}–${FIRST_SEED + RUNS - 1}, shipped settings, after one unmeasured run and replay), mock LLM answering after a fixed ${LATENCY_MS} ms, ` +
      `private nats-server and scratch database, one process per service; each run to its end, then POST /runs/{id}/replay to its end; ` +
      `times from the POST until the client sees the run ended (polling every ${POLL_MS} ms); transcripts compared in type, agent_id and payload without deadline_at; ` +
      `provider calls = the replays' llm_calls rows not served from the cache`,
    figures: [
      { metric: 'provider calls made by the replays', value: sum((p) => p.providerCalls), unit: 'calls', goal: { max: 0 } },
      { metric: 'provider attempts of the replays', value: sum((p) => p.attempts), unit: 'attempts', goal: { max: 0 } },
      { metric: 'replays with an identical transcript', value: pairs.filter((p) => p.identical).length, unit: `of ${RUNS}`, goal: { min: RUNS } },
      { metric: 'replay time ÷ original time (median of the runs)', value: round(median, 3), unit: 'ratio' },
      { metric: 'replay time ÷ original time (all runs together)', value: round(replayMs / originalMs, 3), unit: 'ratio' },
      { metric: 'original run, mean wall time', value: round(originalMs / RUNS, 0), unit: 'ms' },
      { metric: 'replay, mean wall time', value: round(replayMs / RUNS, 0), unit: 'ms' },
      { metric: 'LLM calls per original run (mean)', value: round(sum((p) => p.originalCalls) / RUNS, 1), unit: 'calls' },
      { metric: 'events per run (mean)', value: round(sum((p) => p.events) / RUNS, 1), unit: 'events' },
    ],
    command: `pnpm bench replay ${RUNS} ${LATENCY_MS}`,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}
