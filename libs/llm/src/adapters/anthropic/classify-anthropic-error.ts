import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
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

/** Messages Anthropic uses when credit or a spend limit is used up (it answers those with 400, not 429). */
const QUOTA_MESSAGE = /credit balance|spend(ing)? limit|usage limits?|billing/i;

/**
 * An error thrown by `@anthropic-ai/sdk` ⇒ LlmError. Quota decision: a `billing_error` (HTTP 402), or a
 * 400/403/429 whose message speaks of the credit balance, a spend limit or usage limits, is
 * `quota_exhausted` and never retried; a plain 429 `rate_limit_error` is retried after retry-after.
 * 529 `overloaded_error` is retryable; so is an error event inside a stream.
 */
export function classifyAnthropicError(e: unknown, ctx: ClassifyContext): LlmError {
  if (e instanceof LlmError) return e;
  if (e instanceof APIConnectionTimeoutError) return timeoutError(ctx.provider, ctx.timeoutMs);
  if (e instanceof APIUserAbortError) return abortedError(e);
  if (e instanceof APIConnectionError) return connectionError(ctx.provider, redactSecret(e.message, ctx.apiKey), e);
  if (e instanceof APIError) {
    const message = redactSecret(e.apiMessage ?? e.message, ctx.apiKey);
    const quotaExhausted =
      e.type === 'billing_error' || e.status === 402 || ([400, 403, 429].includes(e.status ?? 0) && QUOTA_MESSAGE.test(message));
    if (typeof e.status !== 'number') {
      if (quotaExhausted) return new LlmError('quota_exhausted', `${ctx.provider}: ${message}`, { retryable: false });
      const code = e.type === 'overloaded_error' ? 'overloaded' : 'provider_error';
      return new LlmError(code, `${ctx.provider}: ${message}`, { retryable: true, cause: e });
    }
    return classifyHttpStatus({ status: e.status, message, headers: e.headers, quotaExhausted }, ctx.provider, ctx.now);
  }
  if (isNetworkFailure(e)) {
    return connectionError(ctx.provider, redactSecret(e instanceof Error ? e.message : String(e), ctx.apiKey), e);
  }
  return LlmError.from(e);
}
