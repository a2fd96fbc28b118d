// The benchmark report: docs/benchmarks.json keeps the last result of each benchmark (with the machine,
// commit and date it was measured on) and docs/benchmarks.md is rendered from it, so running one
// benchmark replaces only its own section. Used by scripts/bench.mjs.
//
// A result is what a benchmark script prints on its `BENCH_RESULT <json>` line:
//   { name, setting, figures: [{ metric, value, unit, goal? }], command }
// where goal is { min: n } (value must be ≥ n) or { max: n } (value must be ≤ n).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, release, totalmem } from 'node:os';
import pg from 'pg';

/** Checks a `BENCH_RESULT` payload; returns an error message or null. */
export function resultProblem(r) {
  if (!r || typeof r !== 'object') return 'not an object';
  if (typeof r.name !== 'string' || typeof r.setting !== 'string' || typeof r.command !== 'string') return 'name, setting and command must be strings';
  if (!Array.isArray(r.figures) || r.figures.length === 0) return 'figures must be a non-empty array';
  for (const f of r.figures) {
    if (typeof f.metric !== 'string' || typeof f.value !== 'number' || typeof f.unit !== 'string') return `figure ${JSON.stringify(f)}: needs metric, numeric value and unit`;
    if (f.goal !== undefined && typeof f.goal.min !== 'number' && typeof f.goal.max !== 'number') return `figure "${f.metric}": goal must be {min: n} or {max: n}`;
  }
  return null;
}

/** The machine the figures come from: CPUs, memory, Node, and the broker's and database's versions when reachable. */
export async function machineInfo({ natsUrl, databaseUrl }) {
  const list = cpus();
  return {
    cpus: list.length,
    cpu_model: list[0]?.model?.trim() ?? 'unknown',
    memory_gib: +(totalmem() / 2 ** 30).toFixed(1),
    os: `${process.platform} ${process.arch} ${release()}`,
    node: process.version,
    nats_server: await natsVersion(natsUrl).catch(() => null),
    postgres: await postgresVersion(databaseUrl).catch(() => null),
  };
}

/** The nats-server version from the INFO line it greets every client with. */
function natsVersion(url) {
  const { hostname, port } = new URL(url.replace(/^nats:/, 'http:'));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port || 4222) });
    let buffered = '';
    socket.setTimeout(2000, () => (socket.destroy(), reject(new Error('timeout'))));
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\r\n');
      if (end < 0) return;
      socket.destroy();
      const line = buffered.slice(0, end);
      resolve(line.startsWith('INFO ') ? (JSON.parse(line.slice(5)).version ?? null) : null);
    });
  });
}

async function postgresVersion(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return (await client.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `git rev-parse --short HEAD`, plus " (dirty)" when the working tree has changes; read-only git. */
export function gitCommit(root) {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha} (dirty)` : sha;
  } catch {
    return 'unknown';
  }
}

/** The stored results ({ updated, benchmarks: { name: result+provenance } }); empty when there is no file yet. */
export function loadResults(jsonPath) {
  if (!existsSync(jsonPath)) return { updated: null, benchmarks: {} };
  return JSON.parse(readFileSync(jsonPath, 'utf8'));
}

/** Stores one benchmark's result (replacing its previous one) and rewrites both files. */
export function recordResult({ jsonPath, mdPath, result, what, provenance, order }) {
  const store = loadResults(jsonPath);
  store.updated = provenance;
  store.benchmarks[result.name] = { ...result, what, ...provenance };
  writeFileSync(jsonPath, `${JSON.stringify(store, null, 2)}\n`);
  writeFileSync(mdPath, renderMarkdown(store, order));
}

const machineLine = (m) =>
  `${m.cpus} × ${m.cpu_model}, ${m.memory_gib} GiB RAM, ${m.os}; Node ${m.node}, nats-server ${m.nats_server ?? 'unknown'}, PostgreSQL ${m.postgres ?? 'unknown'}`;

const goalText = (g) => (g === undefined ? '—' : g.min !== undefined ? `≥ ${g.min}` : `≤ ${g.max}`);
const met = (f) => (f.goal === undefined ? '—' : (f.goal.min === undefined || f.value >= f.goal.min) && (f.goal.max === undefined || f.value <= f.goal.max) ? 'yes' : '**no**');
const cell = (s) => String(s).replace(/\|/g, '\\|');

/** docs/benchmarks.md from the stored results: a header with the last run's machine, then one section per benchmark. */
export function renderMarkdown(store, order = []) {
  const names = [...order.filter((n) => store.benchmarks[n]), ...Object.keys(store.benchmarks).filter((n) => !order.includes(n)).sort()];
  const u = store.updated;
  const out = [
    '# Benchmarks',
    '',
    '<!-- Written by `pnpm bench` (scripts/bench.mjs) from docs/benchmarks.json; edits by hand are overwritten. -->',
    '',
    'Figures of the last `pnpm bench` run of each benchmark. Each comes from one run on the machine below (a',
    'section names its own when it differs), which may have been shared with other work: read absolute numbers',
    'as indicative, and compare figures measured in the same run (the benchmarks report such differences).',
    '',
    '| | |',
    '|---|---|',
    `| Machine | ${cell(machineLine(u.machine))} |`,
    `| Commit | ${cell(u.commit)} |`,
    `| Date | ${u.date} |`,
    '',
  ];
  for (const n of names) {
    const b = store.benchmarks[n];
    out.push(`## ${n}${b.what ? ` — ${b.what}` : ''}`, '', `Setting: ${b.setting}.`, '', '| metric | value | unit | goal | met? |', '|---|---:|---|---|---|');
    for (const f of b.figures) out.push(`| ${cell(f.metric)} | ${f.value} | ${cell(f.unit)} | ${goalText(f.goal)} | ${met(f)} |`);
    const sameMachine = JSON.stringify(b.machine) === JSON.stringify(u.machine);
    out.push('', `Measured ${b.date} at commit ${b.commit}${sameMachine ? '' : ` on ${machineLine(b.machine)}`}.`, '', `Reproduce: \`${b.command}\``, '');
  }
  return out.join('\n');
}
