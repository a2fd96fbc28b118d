/** One attempt at a provider call, as the retry loop reports it (every attempt, failed or not). */
export interface LlmAttemptRecord {
  /** 1-based. */
  attempt: number;
  /** ISO time the attempt started. */
  started_at: string;
  latency_ms: number;
  /** Absent when the attempt succeeded. */
  error?: { code: string; retryable: boolean; retry_after_ms: number | null };
  /** The wait before the next attempt; null when there is none (success, permanent error, last attempt). */
  next_delay_ms: number | null;
}
