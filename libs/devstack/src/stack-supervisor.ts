import { SERVICE_NAMES } from '@scrai/contracts';
import type { DevstackLog } from './devstack-log.js';
import { waitForHttpOk } from './http-ready.js';
import { ServiceProcess, type ServiceExit } from './service-process.js';

export interface StackServiceSpec {
  /** Directory name under services/, e.g. `engine-actor`. */
  name: string;
  /** Number of processes; default 1. */
  replicas?: number;
  /** Extra environment for this service only (wins over the stack env). */
  env?: Record<string, string>;
}

export interface StartStackOptions {
  /** Repository root: services run from `<rootDir>/services/<name>/dist/main.js`. */
  rootDir: string;
  /** Environment for every service, on top of `baseEnv`. */
  env: Record<string, string>;
  /**
   * What every child's environment starts from; default: this process's environment, as a shell
   * would pass it on. Pass `{ PATH: ... }` to keep stray variables of the caller's shell out.
   */
  baseEnv?: Record<string, string | undefined>;
  /** Default: every service once. */
  services?: StackServiceSpec[];
  /** Extra node flags for every service process (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** When set, each instance's output goes to `<logDir>/<name>-<i>.log`. */
  logDir?: string;
  onLine?: (service: string, instance: number, line: string) => void;
  /** Default `http://127.0.0.1:<env.PORT>/api/v1/health`. */
  readyUrl?: string;
  /** Default for waitHealthy(); default 60 s. */
  readyTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL in stop() and restart(); default 10 s. */
  stopGraceMs?: number;
  /** Supervisor messages (unexpected exits); default: lines on stderr. */
  log?: DevstackLog;
}

export interface StackProcessInfo {
  name: string;
  instance: number;
  pid: number | undefined;
  running: boolean;
}

export interface Stack {
  /** Current state of every instance. */
  readonly processes: StackProcessInfo[];
  /** Every exit seen before stop(), oldest first; `requested: false` marks a crash. */
  readonly exits: ServiceExit[];
  /** Polls the gateway health url until it answers 200; throws early when an instance crashed. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Sends a signal (default SIGKILL) to one instance; it stays down until restart(). */
  kill(name: string, instance: number, signal?: NodeJS.Signals): void;
  /** Stops (SIGTERM, then SIGKILL) and starts one instance again. */
  restart(name: string, instance: number): Promise<void>;
  /** SIGTERM to all, SIGKILL after the grace period; resolves once every process exited. */
  stop(): Promise<void>;
}

const stderrLog: DevstackLog = (m) => process.stderr.write(`[devstack] ${m}\n`);

/** Spawns every service instance as its own OS process and supervises them. */
export function startStack(opts: StartStackOptions): Stack {
  const log = opts.log ?? stderrLog;
  const graceMs = opts.stopGraceMs ?? 10_000;
  const specs: StackServiceSpec[] = opts.services ?? SERVICE_NAMES.map((name) => ({ name }));
  const exits: ServiceExit[] = [];
  // Handing the parent's environment down to the children, not reading configuration from it.
  // eslint-disable-next-line no-restricted-syntax
  const baseEnv = opts.baseEnv ?? process.env;
  let stopping = false;

  const onExit = (exit: ServiceExit) => {
    if (stopping) return;
    exits.push(exit);
    if (!exit.requested) {
      const p = find(exit.name, exit.instance);
      const last = p.lastLines.at(-1);
      log(`${p.id} (pid ${exit.pid}) exited unexpectedly with ${p.lastExit}${last ? `; last line: ${last}` : ''}`);
    }
  };

  const instances: ServiceProcess[] = [];
  for (const spec of specs) {
    const replicas = spec.replicas ?? 1;
    for (let i = 0; i < replicas; i++) {
      instances.push(
        new ServiceProcess({
          name: spec.name,
          instance: i,
          rootDir: opts.rootDir,
          env: { ...baseEnv, ...opts.env, ...spec.env, SCRAI_INSTANCE_ID: `${spec.name}-${i}` },
          logDir: opts.logDir,
          nodeArgs: opts.nodeArgs,
          onLine: opts.onLine,
          onExit,
        }),
      );
    }
  }

  function find(name: string, instance: number): ServiceProcess {
    const p = instances.find((x) => x.name === name && x.instance === instance);
    if (!p) throw new Error(`no service instance ${name}-${instance} in this stack`);
    return p;
  }

  try {
    for (const p of instances) p.start();
  } catch (err) {
    for (const p of instances) p.kill('SIGKILL');
    throw err;
  }

  const readyUrl = opts.readyUrl ?? (opts.env.PORT ? `http://127.0.0.1:${opts.env.PORT}/api/v1/health` : undefined);

  return {
    get processes() {
      return instances.map((p) => ({ name: p.name, instance: p.instance, pid: p.pid, running: p.running }));
    },
    exits,
    async waitHealthy(timeoutMs = opts.readyTimeoutMs ?? 60_000) {
      if (!readyUrl) throw new Error('startStack: set env.PORT (the gateway port) or readyUrl to wait for health');
      await waitForHttpOk({
        url: readyUrl,
        timeoutMs,
        check: () => {
          const crashed = instances.find((p) => p.crashed);
          if (!crashed) return;
          const last = crashed.lastLines.slice(-5).join(' | ');
          throw new Error(`${crashed.id} exited unexpectedly (${crashed.lastExit}) while waiting for health${last ? `: ${last}` : ''}`);
        },
      });
    },
    kill(name, instance, signal = 'SIGKILL') {
      find(name, instance).kill(signal);
    },
    async restart(name, instance) {
      await find(name, instance).restart(graceMs);
    },
    async stop() {
      stopping = true;
      await Promise.all(instances.map((p) => p.stop(graceMs)));
      await Promise.all(instances.map((p) => p.close()));
    },
  };
}
