/** Postgres timestamps come back as Date; the wire carries ISO-8601 strings. */
export const isoOf = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
