// Memory and CPU time of processes, read from /proc (Linux), for benchmarks that report what each
// service costs: a sampler polls the resident set of named process groups and keeps each group's
// peak, and CPU snapshots taken before and after a step say which process the step's time went to.
import { readdirSync, readFileSync } from 'node:fs';
import { clockTicksPerSecond, readProcessCpu } from './bench-process-cpu.mjs';

const KIB = 1024;
const rssOf = (m) => m.rss;

/**
 * Resident memory of one process in bytes: rss (VmRSS), hwm (VmHWM, the peak RSS of its life so far),
 * anon (RssAnon, private memory) and shmem (RssShmem, shared memory it touched, e.g. Postgres' shared
 * buffers); null when the process is gone or /proc is not readable.
 */
export function processMemory(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name) => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * KIB : 0;
  };
  return { rss: field('VmRSS'), hwm: field('VmHWM'), anon: field('RssAnon'), shmem: field('RssShmem') };
}

/** CPU time (user + system) the process used so far, in ms; null when it is gone. */
export function processCpuMs(pid) {
  const p = readProcessCpu(pid, false);
  return p ? (p.ticks * 1000) / clockTicksPerSecond() : null;
}

/** The pid of the nats-server listening on `port` (found by its command line `-p <port>`), or undefined. */
export function natsServerPid(port) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv;
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!argv[0]?.endsWith('nats-server')) continue;
    const p = argv.indexOf('-p');
    if (p >= 0 && argv[p + 1] === String(port)) return Number(entry);
  }
  return undefined;
}

/**
 * Samples the memory of process groups every `intervalMs`. `groups()` answers the current
 * `{ name: pids[] }` (it may change: restarted processes, new Postgres backends). A group's memory
 * is the sum over its processes of `measureOf[name](memory)` (default: VmRSS). `window()` starts a
 * new measuring window; `peaks()` answers each group's peak in the current window, in bytes.
 */
export function startMemorySampler({ groups, intervalMs = 500, measureOf = {} }) {
  let peaks = new Map();
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      const current = await groups();
      for (const [name, pids] of Object.entries(current)) {
        let sum = 0;
        for (const pid of pids) {
          const m = processMemory(pid);
          if (m) sum += (measureOf[name] ?? rssOf)(m);
        }
        if (sum > (peaks.get(name) ?? 0)) peaks.set(name, sum);
      }
    } catch {
      // a group that cannot be listed right now (e.g. the database is busy) is sampled next time
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void sample(), intervalMs);
  void sample();
  return {
    /** Starts a new window (after one last sample of the old one); answers the old window's peaks. */
    async window() {
      await sample();
      const old = Object.fromEntries(peaks);
      peaks = new Map();
      await sample();
      return old;
    },
    peaks: () => Object.fromEntries(peaks),
    sampleNow: sample,
    stop: () => clearInterval(timer),
  };
}

/** CPU ms used so far by every process of every group: { group: { pid: ms } }. */
export function cpuSnapshot(groups) {
  const out = {};
  for (const [name, pids] of Object.entries(groups)) {
    out[name] = {};
    for (const pid of pids) {
      const ms = processCpuMs(pid);
      if (ms !== null) out[name][pid] = ms;
    }
  }
  return out;
}

/** CPU ms each group used between two snapshots (a process new in `after` counts from zero). */
export function cpuBetween(before, after) {
  const out = {};
  for (const [name, pids] of Object.entries(after)) {
    out[name] = Object.entries(pids).reduce((sum, [pid, ms]) => sum + ms - (before[name]?.[pid] ?? 0), 0);
  }
  return out;
}

/** Bytes as MiB with one decimal. */
export const mib = (bytes) => +(bytes / 2 ** 20).toFixed(1);
