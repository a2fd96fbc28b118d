import { randomBytes } from 'node:crypto';

/** W3C trace context: `00-<trace id>-<span id>-01`. Full OpenTelemetry arrives later; ids travel already. */
export const TRACEPARENT = 'traceparent';

export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

export function traceIdOf(traceparent: string | undefined | null): string | undefined {
  if (!traceparent) return undefined;
  const parts = traceparent.split('-');
  return parts.length >= 4 && parts[1]!.length === 32 ? parts[1] : undefined;
}

/** A child context: same trace, new span id. */
export function childTraceparent(parent: string | undefined | null): string {
  const traceId = traceIdOf(parent);
  if (!traceId) return newTraceparent();
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}
