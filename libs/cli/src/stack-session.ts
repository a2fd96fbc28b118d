import { join } from 'node:path';
import { SERVICE_NAMES } from '@scrai/contracts';
import {
  ensureNats,
  ensurePostgres,
  redactUrl,
  startStack,
  type DevstackLog,
  type ServiceExit,
  type Stack,
  type StackServiceSpec,
} from '@scrai/devstack';
import { untilAborted } from './abortable.js';
import { crashReportLines } from './crash-report.js';
import { serviceEnv } from './service-env.js';
import { ServiceLogTails } from './service-log-tails.js';
import type { StackSettings } from './stack-settings.js';
import type { Teardown } from './teardown.js';

export const ORCHESTRATOR_REPLICAS = 2;
const DEFAULT_DATABASE = 'scrai';

export interface BringUpOptions {
  /** Repository root (services run from `<rootDir>/services/<name>/dist/main.js`). */
  rootDir: string;
  settings: StackSettings;
  /** Environment the service processes start from (the CLI's own). */
  baseEnv: Record<string, string | undefined>;
  /** SCRAI_MOCK_LATENCY for this session; undefined leaves it unset. */
  mockLatency?: string;
  /** Progress of the bring-up, one line each. */
  progress: (message: string) => void;
  /** Lines to show when a service crashes (name and last log lines). */
  crash: (lines: string[]) => void;
  /** Every line a service prints (it also goes to its log file). */
  onLine?: (service: string, instance: number, line: string) => void;
  /** Stops are registered here as soon as something is started. */
  teardown: Teardown;
  readyTimeoutMs?: number;
  /**
   * Aborting stops the bring-up between steps and while waiting for health (stops stay registered);
   * once aborted, service exits are no longer reported as crashes.
   */
  signal?: AbortSignal;
}

export interface StackSession {
  stack: Stack;
  natsUrl: string;
  /** Application database, password redacted. */
  database: string;
  logDir: string;
  /** Number of service processes. */
  processes: number;
}

/** The services `scrai start` and `scrai demo` run: every service once, the orchestrator twice. */
export function stackServices(): StackServiceSpec[] {
  return SERVICE_NAMES.map((name) => (name === 'orchestrator' ? { name, replicas: ORCHESTRATOR_REPLICAS } : { name }));
}

/** Ensures NATS and Postgres, starts every service as its own process and waits until the gateway is healthy. */
export async function bringUpStack(o: BringUpOptions): Promise<StackSession> {
  const infraLog: DevstackLog = (m) => o.progress(m);
  const nats = await ensureNats({ url: o.settings.natsUrl, projectDir: o.rootDir, log: infraLog });
  o.teardown.add('NATS', () => nats.stop());
  o.signal?.throwIfAborted();
  const pg = await ensurePostgres({ url: o.settings.databaseUrl, database: DEFAULT_DATABASE, log: infraLog });
  o.teardown.add('Postgres', () => pg.stop());
  o.signal?.throwIfAborted();

  const logDir = join(o.rootDir, 'var', 'logs');
  const tails = new ServiceLogTails();
  const reported = new Set<ServiceExit>();
  const services = stackServices();
  const started: { stack?: Stack } = {};
  const reportCrashes = (message: string) => {
    const crashes = (started.stack?.exits ?? []).filter((e) => !e.requested && !reported.has(e));
    // A Ctrl-C reaches the whole process group: services exiting on it after we were told to stop are no crash.
    if (o.signal?.aborted) return;
    if (crashes.length === 0) return o.progress(message);
    for (const exit of crashes) {
      reported.add(exit);
      o.crash(crashReportLines(exit, tails.of(exit.name, exit.instance), join(logDir, `${exit.name}-${exit.instance}.log`)));
    }
  };
  o.progress(`starting ${services.reduce((n, s) => n + (s.replicas ?? 1), 0)} service processes (logs: ${logDir})`);
  const running = startStack({
    rootDir: o.rootDir,
    baseEnv: o.baseEnv,
    env: serviceEnv({ settings: o.settings, natsUrl: nats.url, databaseUrl: pg.url, mockLatency: o.mockLatency }),
    services,
    logDir,
    onLine: (service, instance, line) => {
      tails.add(service, instance, line);
      o.onLine?.(service, instance, line);
    },
    log: reportCrashes,
  });
  started.stack = running;
  o.teardown.add('services', () => running.stop());
  await untilAborted(running.waitHealthy(o.readyTimeoutMs ?? 90_000), o.signal);
  return {
    stack: running,
    natsUrl: nats.url,
    database: redactUrl(pg.url),
    logDir,
    processes: running.processes.length,
  };
}
