/** SQLSTATE of a failed statement (TypeORM's QueryFailedError copies the driver's fields). */
export function sqlStateOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const own = (e as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const driver = (e as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof driver === 'string' ? driver : undefined;
}

export const isUniqueViolation = (e: unknown): boolean => sqlStateOf(e) === '23505';

/**
 * The statement failed because of the data it carried (SQLSTATE class 22 "data exception" or 23
 * "integrity constraint violation"), not because the database is unreachable or busy: sending the
 * same rows again will fail again. Callers isolate and reject such rows instead of retrying them.
 */
export function isDataError(e: unknown): boolean {
  const code = sqlStateOf(e);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}
