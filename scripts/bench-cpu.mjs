// CPU accounting for benchmarks, read from /proc: how busy the whole machine was between two samples
// (so a reader sees whether a throughput figure was CPU-bound) and how much CPU given processes used.
// Linux only; elsewhere the samples are null and the figures are left out.
import { readFileSync } from 'node:fs';
import { clockTicksPerSecond, readProcessCpu } from './bench-process-cpu.mjs';

/**
 * The machine's aggregate CPU times (all cores, in ticks) from the first line of /proc/stat: busy =
 * user + nice + system + irq + softirq + steal; idle = idle + iowait. Null where /proc is missing.
 */
export function machineCpuSample() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return null;
  }
}

/** Percent of all the machine's cores that were busy between two samples (100 = every core saturated); null if unknown. */
export function machineBusyPercent(before, after) {
  if (!before || !after || after.total <= before.total) return null;
  return (100 * (after.busy - before.busy)) / (after.total - before.total);
}

/** CPU time (user + system, ms) each process has used so far, by pid; a process that is gone is left out. */
export function processCpuMs(pids) {
  const hz = clockTicksPerSecond();
  const out = new Map();
  for (const pid of pids) {
    const p = readProcessCpu(pid, false);
    if (p) out.set(pid, (p.ticks * 1000) / hz);
  }
  return out;
}
