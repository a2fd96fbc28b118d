import type { LlmErrorInfo } from '@scrai/contracts';

/** Error codes the LLM layer classifies failures into. Providers may add their own (a string). */
export type LlmErrorCode =
  | 'provider_not_configured'
  | 'bad_request'
  | 'aborted'
  | 'timeout'
  | 'rate_limited'
  | 'overloaded'
  | 'provider_error'
  | 'invalid_response'
  /** The answer is not what was asked for (e.g. not JSON under a JSON schema); the caller re-asks. */
  | 'invalid_output'
  /** A 429 or billing error that means the quota or spend limit is used up: waiting will not help. */
  | 'quota_exhausted'
  /** The key was refused (401/403). */
  | 'auth_failed'
  /** The provider cannot do this at all (e.g. embeddings on Anthropic). */
  | 'unsupported'
  /** The connection failed or broke before the answer was complete (including a stream cut midway). */
  | 'connection_error'
  | 'internal'
  | (string & {});

export interface LlmErrorOptions {
  retryable: boolean;
  retryAfterMs?: number | null;
  cause?: unknown;
}

/**
 * A failure classified once, where it happens, as data: its code, whether trying again may help and,
 * if the provider said so, after how long. Whoever retries (the llm-gateway) reads these fields only.
 */
export class LlmError extends Error {
  readonly code: LlmErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;

  constructor(code: LlmErrorCode, message: string, o: LlmErrorOptions) {
    super(message, o.cause === undefined ? undefined : { cause: o.cause });
    this.name = 'LlmError';
    this.code = code;
    this.retryable = o.retryable;
    this.retryAfterMs = o.retryAfterMs ?? null;
  }

  /** The wire form (contracts' LlmErrorInfo). */
  toInfo(): LlmErrorInfo {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      retry_after_ms: this.retryAfterMs === null ? null : Math.max(0, Math.round(this.retryAfterMs)),
    };
  }

  static is(e: unknown): e is LlmError {
    return e instanceof LlmError;
  }

  /** Anything thrown that is not already an LlmError becomes a permanent `internal` one. */
  static from(e: unknown): LlmError {
    if (e instanceof LlmError) return e;
    const message = e instanceof Error ? e.message : String(e);
    return new LlmError('internal', message, { retryable: false, cause: e });
  }
}

export const abortedError = (reason?: unknown): LlmError =>
  new LlmError('aborted', `LLM call aborted${reason instanceof Error ? `: ${reason.message}` : ''}`, {
    retryable: false,
    cause: reason,
  });
