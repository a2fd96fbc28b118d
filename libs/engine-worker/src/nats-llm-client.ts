import { llmReplySchema, type BrokerNames, type LlmReply, type LlmRequest } from '@scrai/contracts';
import { RetryableError, type NatsConnection } from '@scrai/messaging';
import type { LlmCallOptions, LlmClient } from './llm-client.js';
import { createLlmQueueClient } from './llm-queue-client.js';

export interface NatsLlmClientOptions {
  nc: NatsConnection;
  names: BrokerNames;
  /** How long to wait for the llm-gateway's reply, queueing and the gateway's own retries included. */
  timeoutMs: number;
  /** Prefix of the reply inbox (default `_INBOX`). */
  inboxPrefix?: string;
}

/** The engines' LLM client; `close()` ends its reply inbox (closing the connection does too). */
export interface NatsLlmClient extends LlmClient {
  close(): void;
}

/**
 * The llm-gateway over its JetStream request queue (llm-queue-client.ts), which caps each
 * provider's calls in flight across every gateway replica. No request queue, a timeout, a dropped
 * connection or an unreadable reply throw a RetryableError: the work loop redelivers the task later.
 * Tests and the gateway benchmark use it as the engines do.
 */
export function createNatsLlmClient(o: NatsLlmClientOptions): NatsLlmClient {
  const queue = createLlmQueueClient(o);
  return {
    async generate(request: LlmRequest, c: LlmCallOptions = {}): Promise<LlmReply> {
      const raw = await queue.send(request, { provider: request.provider, model: request.model, requestId: request.request_id, traceparent: c.traceparent });
      const r = llmReplySchema.safeParse(raw);
      if (!r.success) {
        const detail = JSON.stringify(raw).slice(0, 300);
        throw new RetryableError(`llm-gateway sent an unreadable reply: ${detail}`, 'llm_bad_reply');
      }
      return r.data;
    },
    close: () => queue.close(),
  };
}
