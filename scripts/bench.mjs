#!/usr/bin/env node
// `pnpm bench [name]`: runs one benchmark (or all) against the built stack and prints its figures,
// with the command that reproduces them. Benchmarks report ratios measured in one run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = {
  recovery: { script: 'bench-recovery.mjs', args: ['20'], what: 'kill → recovery of in-flight work, extra LLM calls per crash' },
  turns: { script: 'measure-turns.mjs', args: ['50', '300'], what: 'committed turns per second, mock LLM at zero latency' },
};

const dir = fileURLToPath(new URL('.', import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const chosen = name ? [name] : Object.keys(BENCHMARKS);
for (const n of chosen) {
  const b = BENCHMARKS[n];
  if (!b) {
    console.error(`unknown benchmark "${n}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n# ${n}: ${b.what}\n# reproduce: pnpm bench ${n}${rest.length ? ` ${rest.join(' ')}` : ''}`);
  const r = spawnSync(process.execPath, [`${dir}/${b.script}`, ...(rest.length ? rest : b.args)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
