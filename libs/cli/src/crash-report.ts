import type { ServiceExit } from '@scrai/devstack';
import { readServiceLogLine } from './service-log-line.js';

/** What the CLI prints when a service process dies on its own. */
export function crashReportLines(exit: ServiceExit, lastLines: readonly string[], logFile: string): string[] {
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
  const head = `service ${exit.name}-${exit.instance} (pid ${exit.pid ?? '?'}) crashed with ${how}`;
  if (lastLines.length === 0) return [`${head}; it printed nothing (log: ${logFile})`];
  return [`${head}; its last log lines (full log: ${logFile}):`, ...lastLines.map((l) => `  | ${readServiceLogLine(l).text}`)];
}
