import { abortedError, LlmError } from '../llm-error.js';
import type { AttemptDeadline } from './attempt-deadline.js';
import { timeoutError } from './classify-http-status.js';

/**
 * Turns whatever ended an attempt into an LlmError: our own deadline ⇒ retryable `timeout`; the caller's
 * abort ⇒ `aborted`; anything else is left to the provider's classifier.
 */
export function attemptFailure(
  e: unknown,
  ctx: { deadline: AttemptDeadline; caller?: AbortSignal; provider: string; timeoutMs: number },
  classify: (e: unknown) => LlmError,
): LlmError {
  // Checked first: an aborted stream may just end, and the adapter then reports it as cut short.
  if (ctx.deadline.timedOut) return timeoutError(ctx.provider, ctx.timeoutMs);
  if (ctx.caller?.aborted) return abortedError(ctx.caller.reason);
  if (e instanceof LlmError) return e;
  return classify(e);
}
