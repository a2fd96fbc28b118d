import { LlmError } from '../llm-error.js';
import { retryAfterMs, type HeaderSource } from './retry-after.js';

export interface HttpFailure {
  status: number;
  /** The provider's own message (already free of the API key). */
  message: string;
  headers?: HeaderSource;
  /** The provider said the quota or spend limit is used up (each adapter decides from its error body). */
  quotaExhausted?: boolean;
}

/**
 * The one status table every adapter shares:
 * - quota/spend exhausted (any status) ⇒ `quota_exhausted`, not retryable: waiting does not refill it;
 * - 429 ⇒ `rate_limited`, retryable after `retry-after-ms` / `retry-after` when given;
 * - 408, 409 (lock timeout), 5xx ⇒ retryable (529 and 503 as `overloaded`);
 * - 401/403 ⇒ `auth_failed`; every other 4xx (400, 404, 413, 422 …) ⇒ `bad_request`, permanent.
 */
export function classifyHttpStatus(f: HttpFailure, provider: string, now: number = Date.now()): LlmError {
  const msg = `${provider} ${f.status}: ${f.message}`;
  if (f.quotaExhausted) return new LlmError('quota_exhausted', msg, { retryable: false });
  if (f.status === 429) {
    return new LlmError('rate_limited', msg, { retryable: true, retryAfterMs: retryAfterMs(f.headers, now) });
  }
  if (f.status === 503 || f.status === 529) {
    return new LlmError('overloaded', msg, { retryable: true, retryAfterMs: retryAfterMs(f.headers, now) });
  }
  if (f.status >= 500) return new LlmError('provider_error', msg, { retryable: true, retryAfterMs: retryAfterMs(f.headers, now) });
  if (f.status === 408) return new LlmError('timeout', msg, { retryable: true });
  if (f.status === 409) return new LlmError('provider_error', msg, { retryable: true });
  if (f.status === 401 || f.status === 403) return new LlmError('auth_failed', msg, { retryable: false });
  return new LlmError('bad_request', msg, { retryable: false });
}

/** A connection that failed, broke or ended early: always worth another attempt. */
export function connectionError(provider: string, detail: string, cause?: unknown): LlmError {
  return new LlmError('connection_error', `${provider}: ${detail}`, { retryable: true, cause });
}

export function timeoutError(provider: string, timeoutMs: number): LlmError {
  return new LlmError('timeout', `${provider}: no answer within ${timeoutMs} ms`, { retryable: true });
}
