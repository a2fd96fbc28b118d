#!/usr/bin/env node
// `pnpm bench [name [args…]]`: runs one benchmark (or all) against the built stack, passes its output
// through, and records the figures it reports on its `BENCH_RESULT <json>` line in docs/benchmarks.json
// and docs/benchmarks.md (scripts/bench-report.mjs). Running one benchmark replaces only its section.
// Each benchmark runs under a time limit; progress goes to stderr.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gitCommit, machineInfo, recordResult, resultProblem } from './bench-report.mjs';

const BENCHMARKS = {
  gateway: {
    script: 'bench-gateway.mjs',
    args: ['300', '10', '20'],
    limitMin: 6,
    what: "the llm-gateway's added latency over a direct call, and answers per second from its cache",
  },
  recovery: { script: 'bench-recovery.mjs', args: ['20'], limitMin: 30, what: 'kill → recovery of in-flight work, extra LLM calls per crash' },
  turns: { script: 'measure-turns.mjs', args: ['50', '300'], limitMin: 35, what: 'committed turns per second, mock LLM at zero latency' },
  scale: { script: 'bench-scale.mjs', args: ['100,1000,2000,3000,10000', '1000,10000,100000', '230'], limitMin: 8, what: 'the largest run the stack completes (agents in one run, turns in one run) and the peak memory per service' },
  overhead: {
    script: 'bench-overhead.mjs',
    args: ['24', '16', '30', 'round_robin'],
    limitMin: 4,
    what: 'CPU per committed turn across all processes (services, nats-server, Postgres), mock LLM at zero latency',
  },
  replay: {
    script: 'bench-replay.mjs',
    args: ['5', '100'],
    limitMin: 4,
    what: 'replay of a finished run from the LLM cache: provider calls, identical transcript, time against the original',
  },
  'event-log': {
    script: 'bench-event-log.mjs',
    args: ['120000', '500,2000'],
    limitMin: 5,
    what: 'run events per second stored durably by persistence, at two batch sizes',
  },
  'critical-path': {
    script: 'bench-critical-path.mjs',
    args: ['50:10:500', '100:20:1000'],
    limitMin: 4,
    what: 'wall time of a simultaneous run against its chain of LLM calls ((2R+2) × mock latency), N actors × R rounds',
  },
  scaling: {
    script: 'bench-scaling.mjs',
    args: ['4', '200', '8', '1,2,4'],
    limitMin: 3,
    what: 'committed actor turns per second with k engine-actor processes, against k × one process',
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = fileURLToPath(new URL('.', import.meta.url));
const jsonPath = `${root}/docs/benchmarks.json`;
const mdPath = `${root}/docs/benchmarks.md`;
const progress = (m) => process.stderr.write(`[bench] ${m}\n`);

/** Runs one benchmark script with its stdout passed through; resolves with its BENCH_RESULT payload. */
function runBenchmark(name, b, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${dir}/${b.script}`, ...args], { stdio: ['inherit', 'pipe', 'inherit'] });
    let result;
    let problem;
    createInterface({ input: child.stdout }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      if (!line.startsWith('BENCH_RESULT ')) return;
      try {
        result = JSON.parse(line.slice('BENCH_RESULT '.length));
        problem = resultProblem(result) ?? (result.name === name ? null : `reports name "${result.name}"`);
      } catch (e) {
        problem = `unreadable BENCH_RESULT line: ${e.message}`;
      }
    });
    let killTimer;
    const limit = setTimeout(() => {
      progress(`${name} exceeded its ${b.limitMin} min limit; stopping it`);
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    }, b.limitMin * 60_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(limit);
      clearTimeout(killTimer);
      if (code !== 0) reject(new Error(`${name} exited with ${code ?? signal}`));
      else if (!result) reject(new Error(`${name} printed no BENCH_RESULT line`));
      else if (problem) reject(new Error(`${name}: ${problem}`));
      else resolve(result);
    });
  });
}

const [name, ...rest] = process.argv.slice(2);
const chosen = name ? [name] : Object.keys(BENCHMARKS);
const unknown = chosen.find((n) => !BENCHMARKS[n]);
if (unknown) {
  console.error(`unknown benchmark "${unknown}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const machine = await machineInfo({
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
let failures = 0;
for (const n of chosen) {
  const b = BENCHMARKS[n];
  const args = name && rest.length ? rest : b.args;
  console.log(`\n# ${n}: ${b.what}\n# reproduce: pnpm bench ${n} ${args.join(' ')}`);
  progress(`running ${n} (limit ${b.limitMin} min)`);
  // the commit and date of the start: the code that was built and measured
  const provenance = { machine, commit: gitCommit(root), date: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
  try {
    const result = await runBenchmark(n, b, args);
    recordResult({ jsonPath, mdPath, result, what: b.what, provenance, order: Object.keys(BENCHMARKS) });
    progress(`${n}: figures written to docs/benchmarks.md`);
  } catch (e) {
    failures++;
    progress(`${n} failed: ${e.message}`);
  }
}
process.exit(failures ? 1 : 0);
