#!/usr/bin/env node
// Measures how many actor turns per second the whole stack commits with the mock provider at zero
// latency: R concurrent runs of the town-hall debate with T turns each, timed from the first POST to
// the last run's completion (as stored in Postgres). Usage: node scripts/measure-turns.mjs [runs] [turns]
import { fileURLToPath } from 'node:url';
import { ensureNats, ensurePostgres, createScratchDatabase, freePort, startStack } from '../libs/devstack/dist/index.js';
import { ScraiClient } from '../libs/sdk/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const progress = (m) => process.stderr.write(`[bench turns] ${m}\n`);
const runs = Number(process.argv[2] ?? 20);
const turns = Number(process.argv[3] ?? 300);
const nats = await ensureNats({ url: process.env.NATS_URL, projectDir: root });
const pg = await ensurePostgres({ url: process.env.DATABASE_URL, database: 'scrai' });
const db = await createScratchDatabase(pg.adminUrl, 'scrai_measure');
const port = await freePort();
const namespace = `measure-${process.pid}`;
const stack = startStack({
  rootDir: root,
  env: { NATS_URL: nats.url, DATABASE_URL: db.url, SCRAI_NAMESPACE: namespace, PORT: String(port), GRPC_PORT: '0', LOG_LEVEL: 'warn', SCRAI_MOCK_LATENCY: '0' },
  nodeArgs: process.env.SCRAI_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SCRAI_PROFILE_DIR}`] : [],
  logDir: `${root}/var/measure-logs`,
});
try {
  await stack.waitHealthy();
  progress(`stack healthy; starting ${runs} runs of ${turns} turns`);
  const client = new ScraiClient({ baseUrl: `http://127.0.0.1:${port}` });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ids = await Promise.all(
    Array.from({ length: runs }, (_, i) =>
      client.createRun({ scenario: 'town-hall-debate', overrides: { max_turns: turns, seed: i + 1, analysis_every_n_turns: 0, timeout_seconds: 3600 } }).then((r) => r.id),
    ),
  );
  let finished = 0;
  const done = await Promise.all(
    ids.map((id) =>
      client.waitForRun(id, { timeoutMs: 30 * 60_000, pollMs: 200 }).then((r) => {
        if (++finished % 10 === 0 || finished === runs) progress(`${finished}/${runs} runs finished`);
        return r;
      }),
    ),
  );
  const secs = (performance.now() - t0) / 1000;
  const total = done.reduce((n, r) => n + r.turn_count, 0);
  const events = done.reduce((n, r) => n + r.event_count, 0);
  const completed = done.filter((r) => r.status === 'completed').length;
  console.log(JSON.stringify({ runs, turns_per_run: turns, statuses: [...new Set(done.map((r) => r.status))], total_turns: total, total_events: events, seconds: +secs.toFixed(2), turns_per_second: +(total / secs).toFixed(1), events_per_second: +(events / secs).toFixed(1), driver_cpu_ms: Math.round((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000) }));
  const result = {
    name: 'turns',
    setting: `${runs} concurrent town-hall-debate runs (max_turns ${turns}, analysis off), mock LLM at zero latency, one process per service; timed from the first POST to the last run's completion`,
    figures: [
      { metric: 'committed turns per second', value: +(total / secs).toFixed(1), unit: 'turns/s' },
      { metric: 'events per second', value: +(events / secs).toFixed(1), unit: 'events/s' },
      { metric: 'turns committed', value: total, unit: 'turns' },
      { metric: 'wall time', value: +secs.toFixed(2), unit: 's' },
      { metric: 'runs completed', value: completed, unit: 'runs', goal: { min: runs } },
    ],
    command: `pnpm bench turns ${runs} ${turns}`,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
} finally {
  await stack.stop();
  await db.drop();
}
