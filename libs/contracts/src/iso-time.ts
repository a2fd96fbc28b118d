/** Formats epoch milliseconds as an ISO-8601 UTC string (pure: no clock is read). */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
