import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { abortedError, LlmError } from '../../llm-error.js';
import { classifyHttpStatus, connectionError, timeoutError } from '../classify-http-status.js';
import { isNetworkFailure } from '../network-failure.js';
import { redactSecret } from '../redact-secret.js';

export interface ClassifyContext {
  provider: string;
  apiKey?: string;
  timeoutMs: number;
  now?: number;
}

/**
 * An error thrown by the `openai` client ⇒ LlmError. Quota: OpenAI answers 429 with error code (or type)
 * `insufficient_quota` when the account's credit or spend limit is used up: that is `quota_exhausted`,
 * never retried. Every other 429 is a rate limit that the retry-after headers time.
 */
export function classifyOpenAiError(e: unknown, ctx: ClassifyContext): LlmError {
  if (e instanceof LlmError) return e;
  if (e instanceof APIConnectionTimeoutError) return timeoutError(ctx.provider, ctx.timeoutMs);
  if (e instanceof APIUserAbortError) return abortedError(e);
  if (e instanceof APIConnectionError) return connectionError(ctx.provider, redactSecret(e.message, ctx.apiKey), e);
  if (e instanceof APIError) {
    const body = (e.error ?? {}) as { message?: unknown };
    const message = redactSecret(typeof body.message === 'string' ? body.message : e.message, ctx.apiKey);
    if (typeof e.status !== 'number') {
      // An error event inside a stream: the server gave up midway.
      return new LlmError('provider_error', `${ctx.provider}: ${message}`, { retryable: true, cause: e });
    }
    const quotaExhausted = e.code === 'insufficient_quota' || e.type === 'insufficient_quota';
    return classifyHttpStatus({ status: e.status, message, headers: e.headers, quotaExhausted }, ctx.provider, ctx.now);
  }
  if (isNetworkFailure(e)) {
    return connectionError(ctx.provider, redactSecret(e instanceof Error ? e.message : String(e), ctx.apiKey), e);
  }
  return LlmError.from(e);
}
