import { LlmError, abortedError } from '../../llm-error.js';
import { classifyHttpStatus, connectionError } from '../classify-http-status.js';
import { isNetworkFailure } from '../network-failure.js';
import type { HeaderSource } from '../retry-after.js';
import { redactSecret } from '../redact-secret.js';

export interface ClassifyContext {
  provider: string;
  apiKey?: string;
  /** Headers of the failed response (the ollama client does not keep them; our fetch does). */
  headers?: HeaderSource;
  now?: number;
}

/** Ollama Cloud's wording when a plan's usage is used up; a local server never says it. */
const QUOTA_MESSAGE = /quota|usage limit|limit reached.*(upgrade|plan)|subscription/i;

/**
 * An error thrown by the `ollama` client ⇒ LlmError. Its ResponseError carries the status; a plain Error
 * is what it throws for an `{"error": …}` line inside a stream or a stream that ended without `done`:
 * both mean the server gave up midway, so both are retryable.
 */
export function classifyOllamaError(e: unknown, ctx: ClassifyContext): LlmError {
  if (e instanceof LlmError) return e;
  const err = e as { name?: unknown; status_code?: unknown; error?: unknown; message?: unknown };
  if (err?.name === 'ResponseError' && typeof err.status_code === 'number') {
    const message = redactSecret(String(err.error ?? err.message ?? ''), ctx.apiKey);
    const quotaExhausted = err.status_code === 429 && QUOTA_MESSAGE.test(message);
    return classifyHttpStatus({ status: err.status_code, message, headers: ctx.headers, quotaExhausted }, ctx.provider, ctx.now);
  }
  if (err?.name === 'AbortError') return abortedError(e);
  const message = redactSecret(e instanceof Error ? e.message : String(e), ctx.apiKey);
  if (isNetworkFailure(e)) return connectionError(ctx.provider, message, e);
  if (e instanceof Error && e.constructor === Error) {
    return /did not receive done/i.test(message)
      ? connectionError(ctx.provider, 'the stream ended before done (cut midway)', e)
      : new LlmError('provider_error', `${ctx.provider}: ${message}`, { retryable: true, cause: e });
  }
  return LlmError.from(e);
}
