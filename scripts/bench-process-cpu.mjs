// CPU time of a set of OS processes over a measurement window, from the kernel's own accounting
// (/proc/<pid>/stat: utime + stime, optionally + cutime + cstime of reaped children), so a benchmark
// can say how many CPU-milliseconds a unit of work costs across every process that took part, and
// which process spent them. Linux only. Used by scripts/bench-overhead.mjs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond;
/** Kernel clock ticks per second (the unit of /proc/<pid>/stat times; `getconf CLK_TCK`, asked once); 100 on nearly every Linux. */
export function clockTicksPerSecond() {
  if (ticksPerSecond === undefined) {
    try {
      const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      ticksPerSecond = Number.isFinite(hz) && hz > 0 ? hz : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * One process's accounting: { comm, ppid, ticks, startTicks } or null once it is gone. `ticks` is
 * utime + stime, plus cutime + cstime when `withChildren` (children it waited for; leave that out
 * for a process whose reaped children did work for others, such as the postgres postmaster).
 */
export function readProcessCpu(pid, withChildren = true) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm is in parentheses and may itself hold spaces or parentheses: the fields follow the last ')'
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const f = stat.slice(close + 2).split(' '); // f[0] is field 3 (state), so field n is f[n - 3]
  const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number);
  return { comm, ppid: Number(f[1]), ticks: utime + stime + (withChildren ? cutime + cstime : 0), startTicks: Number(f[19]) };
}

/** Pids of every process whose comm (the kernel's 15-character name) is `comm`, with their command lines. */
export function processesNamed(comm) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = readProcessCpu(Number(entry), false);
    if (p?.comm !== comm) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      continue;
    }
    out.push({ pid: Number(entry), ppid: p.ppid, cmdline });
  }
  return out;
}

const uptimeTicks = (hz) => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * hz;

/**
 * Accumulates the CPU time of tracked processes between begin() and end(). Track a process any time
 * (also mid-window: one born after begin() counts from zero, one that existed counts from when it
 * was first seen). Call sample() now and then while the window is open so a process that exits
 * keeps the time it had at its last sample.
 */
export class CpuAccount {
  constructor() {
    this.hz = clockTicksPerSecond();
    /** pid -> { label, withChildren, base, last } */
    this.procs = new Map();
    this.window = null;
  }

  /** Adds a process under `label` (several processes may share one); a pid seen before is left alone. */
  track(pid, label, { withChildren = true } = {}) {
    if (!pid || this.procs.has(pid)) return;
    const p = readProcessCpu(pid, withChildren);
    if (!p) return;
    const bornInWindow = this.window && p.startTicks >= this.window.startTicks;
    this.procs.set(pid, { label, withChildren, base: bornInWindow ? 0 : p.ticks, last: p.ticks });
  }

  /** Reads every tracked process again (a gone one keeps its last reading). */
  sample() {
    for (const [pid, e] of this.procs) {
      const p = readProcessCpu(pid, e.withChildren);
      if (p) e.last = p.ticks;
    }
  }

  /** Opens the window: the current readings become the baseline. */
  begin() {
    this.sample();
    for (const e of this.procs.values()) e.base = e.last;
    this.window = { startTicks: uptimeTicks(this.hz), t0: performance.now(), t1: null };
  }

  /** Closes the window; returns { wallSeconds, totalMs, byLabel: [{ label, ms, processes }] } largest first. */
  end() {
    this.sample();
    this.window.t1 = performance.now();
    const byLabel = new Map();
    for (const e of this.procs.values()) {
      const row = byLabel.get(e.label) ?? { label: e.label, ms: 0, processes: 0 };
      row.ms += ((e.last - e.base) * 1000) / this.hz;
      row.processes++;
      byLabel.set(e.label, row);
    }
    const rows = [...byLabel.values()].sort((a, b) => b.ms - a.ms);
    return { wallSeconds: (this.window.t1 - this.window.t0) / 1000, totalMs: rows.reduce((n, r) => n + r.ms, 0), byLabel: rows };
  }
}
