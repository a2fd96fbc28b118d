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
 * `withRun(log, runId, traceparent)` so every line of a run's work can be found, and its span.
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

/**
 * A logger whose lines carry the run id and, from a W3C traceparent (or a bare trace id), the trace
 * id and span id of the work, so a log line leads to its span in the trace viewer.
 */
export function withRun(log: Logger, runId: string, trace?: string): Logger {
  const parts = trace?.split('-');
  if (parts?.length === 4) return log.child({ run_id: runId, trace_id: parts[1], span_id: parts[2] });
  return log.child(trace ? { run_id: runId, trace_id: trace } : { run_id: runId });
}
