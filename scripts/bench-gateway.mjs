#!/usr/bin/env node
// Gateway benchmark: what the llm-gateway adds to a provider call, and how fast it answers from its cache.
// A local fake OpenAI server (scripts/bench-fake-openai.mjs, own process) answers every completion after
// a fixed delay; one llm-gateway process (own namespace) is configured with it as provider `openai`.
//
//   direct   = the official `openai` client calling the fake (the call the gateway's adapter makes)
//   gateway  = the same request through the engine's client (createNatsLlmClient), cache mode `off`,
//              so every request is a real provider call behind the gateway
//   added    = gateway − direct, at p50 and at p99
//   cache    = cache mode read_write on a warmed key set, closed loop at a fixed concurrency: req/s
//
// Direct and gateway traffic are open loop at the same fixed rate, measured in alternating slices of
// one run (so drift on a shared machine hits both). Latency is timed from each request's send.
//
// Usage: node scripts/bench-gateway.mjs [rate=300] [seconds=10] [delay_ms=20]   (pnpm bench gateway)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { ensureNats, startStack } from '../libs/devstack/dist/index.js';
import { brokerNames } from '../libs/contracts/dist/index.js';
import { collectHealth, jetstreamManager } from '../libs/messaging/dist/index.js';
import { createNatsLlmClient } from '../libs/engine-worker/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// The official client, resolved from the library that depends on it (no root dependency of its own).
const { OpenAI } = createRequire(join(root, 'libs/llm/package.json'))('openai');

const RATE = Number(process.argv[2] ?? 300);
const SECONDS = Number(process.argv[3] ?? 10);
const DELAY_MS = Number(process.argv[4] ?? 20);
// Direct and gateway alternate in slices this long, so a stall of the shared machine (or a slow
// phase of the broker) lasting a few slices falls on both paths alike.
const SLICE_MS = 500;
const SLICES = Math.max(2, Math.round((SECONDS * 1000) / SLICE_MS));
const SLICE_LEN_MS = (SECONDS * 1000) / SLICES;
const WARMUP_SECONDS = 1;
const CACHE_KEYS = 200;
const CACHE_CONCURRENCY = 64;
const CACHE_SECONDS = 5;
const REQUEST_TIMEOUT_MS = 10_000;
const DEADLINE_MS = 240_000; // the whole benchmark, start to cleanup
const MODEL = 'gpt-bench';
const KEY_VAR = 'SCRAI_BENCH_FAKE_OPENAI_KEY';
const SYSTEM = 'You are a terse benchmark persona.';

const progress = (m) => process.stderr.write(`[bench gateway] ${m}\n`);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
};
const round = (x, d = 2) => +x.toFixed(d);

/** Starts the fake in its own process and resolves with its base url once it listens. */
async function startFake() {
  const child = spawn(process.execPath, [join(root, 'scripts/bench-fake-openai.mjs'), String(DELAY_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (l) => l.startsWith('LISTENING ') && resolve(l.slice('LISTENING '.length)));
    child.once('exit', (code) => reject(new Error(`fake OpenAI server exited (${code}) before listening`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Deletes every stream and KV bucket of the namespace (the gateway's call records, cache, limits). */
async function deleteNamespace(nc, namespace) {
  const jsm = await jetstreamManager(nc);
  const prefixes = [`${namespace.toUpperCase().replace(/-/g, '_')}_`, `KV_${namespace}-`];
  const doomed = [];
  for await (const s of jsm.streams.list()) if (prefixes.some((p) => s.config.name.startsWith(p))) doomed.push(s.config.name);
  for (const name of doomed) await jsm.streams.delete(name).catch(() => undefined);
  return doomed.length;
}

async function waitGatewayReady(nc, names, stack) {
  for (const deadline = Date.now() + 60_000; ; await sleep(200)) {
    const ready = (await collectHealth(nc, names, 500)).some((r) => r.service === 'llm-gateway' && r.ready);
    if (ready) return;
    const crashed = stack.exits.find((e) => !e.requested);
    if (crashed) throw new Error(`llm-gateway exited while starting (${JSON.stringify(crashed)}); see its log`);
    if (Date.now() > deadline) throw new Error('llm-gateway did not become ready within 60 s');
  }
}

/**
 * Fires `fire()` at a fixed rate for `ms` (open loop: a slow answer never delays the next send) and
 * resolves with each request's latency once all answered. Overdue sends go out at once, so the
 * offered rate holds even when a timer fires late.
 */
async function openLoop(rate, ms, fire) {
  const n = Math.round((rate * ms) / 1000);
  const interval = 1000 / rate;
  const inFlight = [];
  const t0 = performance.now();
  for (let i = 0; i < n; ) {
    const now = performance.now();
    while (i < n && t0 + i * interval <= now) {
      inFlight.push(timed(fire));
      i++;
    }
    if (i < n) await sleep(Math.max(0, t0 + i * interval - performance.now()));
  }
  const sentMs = performance.now() - t0;
  const results = await Promise.all(inFlight);
  return { results, sentRate: n > 1 ? (n - 1) / (sentMs / 1000) : rate };
}

/** Runs `fire()` back to back on `concurrency` workers for `ms` (closed loop). */
async function closedLoop(concurrency, ms, fire) {
  const results = [];
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) results.push(await timed(fire));
    }),
  );
  return { results, seconds: (performance.now() - t0) / 1000 };
}

async function timed(fire) {
  const t = performance.now();
  try {
    const r = await fire();
    return { ms: performance.now() - t, ...r };
  } catch (e) {
    return { ms: performance.now() - t, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const userMessage = (k) => `Benchmark question number ${k}: say hello.`;

// ---- setup ----
const nats = await ensureNats({ url: process.env.NATS_URL, projectDir: root });
const namespace = `bench-gw-${process.pid}`;
const names = brokerNames(namespace);
const dir = mkdtempSync(join(tmpdir(), 'scrai-bench-gw-'));
const logDir = join(root, 'var/bench-gateway', String(process.pid));
mkdirSync(logDir, { recursive: true });
progress(`fake OpenAI server with a fixed ${DELAY_MS} ms answer delay`);
const fake = await startFake();
const configPath = join(dir, 'llm.json');
writeFileSync(
  configPath,
  JSON.stringify({
    providers: { openai: { kind: 'openai', base_url: fake.url, api_key_env: KEY_VAR, timeout_ms: REQUEST_TIMEOUT_MS } },
    models: { [`openai/${MODEL}`]: { price_in_per_million: 1, price_out_per_million: 1, context_window: 8000 } },
    retry: { max_attempts: 1 },
  }),
);
progress(`one llm-gateway in namespace ${namespace} (logs in ${logDir})`);
const stack = startStack({
  rootDir: root,
  env: { NATS_URL: nats.url, SCRAI_NAMESPACE: namespace, SCRAI_LLM_CONFIG: configPath, [KEY_VAR]: 'sk-bench-dummy', LOG_LEVEL: 'warn' },
  services: [{ name: 'llm-gateway' }],
  logDir,
});
const nc = await connect({ servers: nats.url });
let watchdog;
let llm;
try {
  const body = async () => {
    await waitGatewayReady(nc, names, stack);
    const openai = new OpenAI({ baseURL: fake.url, apiKey: 'sk-bench-dummy', organization: null, project: null, webhookSecret: null, maxRetries: 0, timeout: REQUEST_TIMEOUT_MS, logLevel: 'warn' });
    llm = createNatsLlmClient({ nc, names, timeoutMs: REQUEST_TIMEOUT_MS });

    const request = (k, cacheMode) => ({
      request_id: randomUUID(),
      run_id: null,
      agent_id: 'bench',
      provider: 'openai',
      model: MODEL,
      system: SYSTEM,
      messages: [{ role: 'user', content: userMessage(k) }],
      max_tokens: 64,
      response_format: { type: 'text' },
      hints: {},
      cache_mode: cacheMode,
    });
    let seq = 0;
    // The body the gateway's OpenAI adapter sends for that request (map-openai-request.ts).
    const direct = async () => {
      const k = seq++;
      const { data } = await openai.chat.completions
        .create({ model: MODEL, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: userMessage(k) }], max_completion_tokens: 64 })
        .withResponse();
      return { ok: typeof data.choices[0]?.message.content === 'string' };
    };
    const viaGateway = (cacheMode, key) => async () => {
      const reply = await llm.generate(request(key ?? seq++, cacheMode));
      return reply.ok ? { ok: true, cached: reply.result.cached } : { ok: false, error: `${reply.error.code}: ${reply.error.message}` };
    };

    progress(`warm-up: ${WARMUP_SECONDS} s of each at ${RATE} req/s`);
    await openLoop(RATE, WARMUP_SECONDS * 1000, direct);
    await openLoop(RATE, WARMUP_SECONDS * 1000, viaGateway('off'));

    const runs = { direct: [], gateway: [] };
    const rates = { direct: [], gateway: [] };
    for (let s = 0; s < SLICES; s++) {
      const order = s % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
      for (const which of order) {
        const { results, sentRate } = await openLoop(RATE, SLICE_LEN_MS, which === 'direct' ? direct : viaGateway('off'));
        runs[which].push(...results);
        rates[which].push(sentRate);
      }
      if ((s + 1) % 4 === 0 || s + 1 === SLICES) progress(`slice ${s + 1}/${SLICES} done (${runs.direct.length} direct, ${runs.gateway.length} via gateway)`);
    }

    progress(`cache: warming ${CACHE_KEYS} keys (read_write)`);
    const warmKeys = Array.from({ length: CACHE_KEYS }, (_, k) => 1_000_000 + k);
    for (let i = 0; i < warmKeys.length; i += 16) {
      const replies = await Promise.all(warmKeys.slice(i, i + 16).map((k) => viaGateway('read_write', k)()));
      const bad = replies.find((r) => !r.ok);
      if (bad) throw new Error(`warming the cache failed: ${bad.error}`);
    }
    progress(`cache: ${CACHE_SECONDS} s closed loop at concurrency ${CACHE_CONCURRENCY}`);
    let next = 0;
    const cache = await closedLoop(CACHE_CONCURRENCY, CACHE_SECONDS * 1000, () => viaGateway('read_write', warmKeys[next++ % CACHE_KEYS])());
    return { runs, rates, cache };
  };
  const { runs, rates, cache } = await Promise.race([
    body(),
    new Promise((_, reject) => (watchdog = setTimeout(() => reject(new Error(`benchmark exceeded ${DEADLINE_MS / 1000} s`)), DEADLINE_MS))),
  ]);

  const ok = (rs) => rs.filter((r) => r.ok).map((r) => r.ms);
  const errors = (rs) => rs.filter((r) => !r.ok);
  const [d, g, c] = [ok(runs.direct), ok(runs.gateway), ok(cache.results)];
  const failed = [...errors(runs.direct), ...errors(runs.gateway), ...errors(cache.results)];
  if (failed.length) progress(`${failed.length} failed requests, first: ${failed[0].error}`);
  const hits = cache.results.filter((r) => r.ok && r.cached).length;
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const f = {
    direct: { p50: pct(d, 50), p99: pct(d, 99), n: d.length, rate: mean(rates.direct) },
    gateway: { p50: pct(g, 50), p99: pct(g, 99), n: g.length, rate: mean(rates.gateway) },
    cache: { rps: cache.results.length / cache.seconds, p50: pct(c, 50), p99: pct(c, 99), n: cache.results.length, hitPct: (100 * hits) / Math.max(1, cache.results.length) },
  };
  const command = `pnpm bench gateway ${RATE} ${SECONDS} ${DELAY_MS}`;
  const setting =
    `fake OpenAI server (own process, loopback) answering after a fixed ${DELAY_MS} ms; one llm-gateway process; ` +
    `direct = official openai client, gateway = engine client createNatsLlmClient with cache off, both timed send to answer in one caller process ` +
    `and open loop at ${RATE} req/s, ` +
    `${SECONDS} s each in ${SLICES} alternating slices of ${round(SLICE_LEN_MS, 0)} ms after ${WARMUP_SECONDS} s warm-up; ` +
    `cache hits = cache read_write over ${CACHE_KEYS} warmed keys, closed loop at concurrency ${CACHE_CONCURRENCY} for ${CACHE_SECONDS} s`;

  const rows = [
    ['direct (openai client → fake)', f.direct.p50, f.direct.p99, f.direct.n, `${round(f.direct.rate, 1)} req/s offered`],
    ['via llm-gateway, cache off', f.gateway.p50, f.gateway.p99, f.gateway.n, `${round(f.gateway.rate, 1)} req/s offered`],
    ['added by the gateway', f.gateway.p50 - f.direct.p50, f.gateway.p99 - f.direct.p99, '', ''],
    ['cache hits (read_write)', f.cache.p50, f.cache.p99, f.cache.n, `${round(f.cache.rps, 1)} req/s, ${round(f.cache.hitPct, 1)}% hits`],
  ];
  console.log(`\n${'path'.padEnd(32)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'requests'.padStart(9)}  rate`);
  for (const [what, p50, p99, n, note] of rows) {
    console.log(`${what.padEnd(32)} ${round(p50).toFixed(2).padStart(9)} ${round(p99).toFixed(2).padStart(9)} ${String(n).padStart(9)}  ${note}`);
  }
  console.log(`failed requests: ${failed.length}\nreproduce: ${command}\n`);
  const result = {
    name: 'gateway',
    setting,
    figures: [
      { metric: 'added latency p50 (gateway − direct)', value: round(f.gateway.p50 - f.direct.p50), unit: 'ms' },
      { metric: 'added latency p99 (gateway − direct)', value: round(f.gateway.p99 - f.direct.p99), unit: 'ms' },
      { metric: 'direct call p50', value: round(f.direct.p50), unit: 'ms' },
      { metric: 'direct call p99', value: round(f.direct.p99), unit: 'ms' },
      { metric: 'gateway call p50 (cache off)', value: round(f.gateway.p50), unit: 'ms' },
      { metric: 'gateway call p99 (cache off)', value: round(f.gateway.p99), unit: 'ms' },
      { metric: 'cache hits per second', value: round(f.cache.rps, 1), unit: 'req/s' },
      { metric: 'cache hit p50', value: round(f.cache.p50), unit: 'ms' },
      { metric: 'cache hit p99', value: round(f.cache.p99), unit: 'ms' },
      { metric: 'answered from the cache', value: round(f.cache.hitPct, 1), unit: '%', goal: { min: 100 } },
      { metric: 'failed requests', value: failed.length, unit: 'requests', goal: { max: 0 } },
    ],
    command,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
} finally {
  clearTimeout(watchdog);
  progress('cleanup: stopping the gateway and the fake, deleting the namespace');
  llm?.close?.();
  await stack.stop().catch((e) => progress(`stopping the gateway: ${e.message}`));
  fake.stop();
  await deleteNamespace(nc, namespace)
    .then((n) => progress(`deleted ${n} streams of namespace ${namespace}`))
    .catch((e) => progress(`deleting namespace ${namespace}: ${e.message}`));
  await nc.close().catch(() => undefined);
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}
