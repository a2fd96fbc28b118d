import type { LlmReply, LlmRequest } from '@scrai/contracts';

export interface LlmCallOptions {
  traceparent?: string;
}

/**
 * What an engine needs from the llm-gateway: one completion. A provider's failure comes back as data
 * (`{ok: false, error: {retryable, ...}}`); a failure to reach the gateway at all throws a
 * RetryableError.
 */
export interface LlmClient {
  generate(request: LlmRequest, o?: LlmCallOptions): Promise<LlmReply>;
}
