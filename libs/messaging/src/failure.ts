/**
 * Failures are classified once, where they happen, as data: retryable (with an optional delay) or
 * permanent. The work loop turns the class into a broker action in one place (disposition.ts).
 */
export class RetryableError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly code = 'retryable',
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

export class PermanentError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly code = 'permanent',
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
