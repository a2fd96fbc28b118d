const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_NUMBERS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
export const WARN_LEVEL = 40;

export interface ServiceLogLine {
  /** pino level number; undefined for a line that is not a pino JSON record (stack traces, node warnings). */
  level?: number;
  /** One readable line: `WARN message (err: …)` for pino records, the line itself otherwise. */
  text: string;
}

/** Reads one line a service printed: pino JSON becomes `LEVEL msg`, anything else stays as is. */
export function readServiceLogLine(line: string): ServiceLogLine {
  if (!line.startsWith('{')) return { text: line };
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { text: line };
  }
  if (typeof record !== 'object' || record === null) return { text: line };
  const r = record as { level?: unknown; msg?: unknown; err?: unknown; error?: unknown };
  // pino writes the level as a number, or as its label when a formatter says so.
  const level = typeof r.level === 'number' ? r.level : typeof r.level === 'string' ? LEVEL_NUMBERS[r.level] : undefined;
  if (level === undefined) return { text: line };
  const msg = typeof r.msg === 'string' ? r.msg : '';
  const err = errorText(r.err ?? r.error);
  return { level, text: `${LEVEL_NAMES[level] ?? `L${level}`} ${msg}${err ? ` (${err})` : ''}`.trimEnd() };
}

function errorText(e: unknown): string | undefined {
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return undefined;
}

/** Whether `scrai start` shows the line on the console without --verbose: warnings, errors, non-JSON output. */
export function isNotable(line: ServiceLogLine): boolean {
  return line.level === undefined || line.level >= WARN_LEVEL;
}
