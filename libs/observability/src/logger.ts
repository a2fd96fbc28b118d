import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export interface LoggerOptions {
  service: string;
  instanceId: string;
  level: LevelWithSilent;
  /** Destination file descriptor; 1 (stdout) by default. */
  fd?: number;
}

/**
 * JSON logs, one line each, with the service and instance on every line. Bind run and trace ids with
 * `withRun(log, runId, traceId)` so every line of a run's work can be found.
 */
export function createLogger(o: LoggerOptions): Logger {
  return pino(
    {
      level: o.level,
      base: { service: o.service, instance: o.instanceId, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: o.fd ?? 1, sync: false }),
  );
}

export function withRun(log: Logger, runId: string, traceId?: string): Logger {
  return log.child(traceId ? { run_id: runId, trace_id: traceId } : { run_id: runId });
}
