import { llmReplySchema, type BrokerNames, type LlmReply, type LlmRequest } from '@scrai/contracts';
import { RetryableError, errorMessage, requestJson, type NatsConnection } from '@scrai/messaging';
import type { LlmCallOptions, LlmClient } from './llm-client.js';

export interface NatsLlmClientOptions {
  nc: NatsConnection;
  names: BrokerNames;
  /** How long to wait for the llm-gateway's reply (it includes the gateway's own retries). */
  timeoutMs: number;
}

/**
 * The llm-gateway over NATS request/reply. No responders, a timeout, a dropped connection or an
 * unreadable reply throw a RetryableError: the work loop redelivers the task later.
 */
export function createNatsLlmClient(o: NatsLlmClientOptions): LlmClient {
  const subject = o.names.subjects.llmGenerate();
  return {
    async generate(request: LlmRequest, c: LlmCallOptions = {}): Promise<LlmReply> {
      let raw: unknown;
      try {
        raw = await requestJson(o.nc, subject, request, { timeoutMs: o.timeoutMs, traceparent: c.traceparent });
      } catch (e) {
        throw new RetryableError(`llm-gateway unreachable: ${errorMessage(e)}`, 'llm_unavailable');
      }
      const r = llmReplySchema.safeParse(raw);
      if (!r.success) {
        const detail = JSON.stringify(raw).slice(0, 300);
        throw new RetryableError(`llm-gateway sent an unreadable reply: ${detail}`, 'llm_bad_reply');
      }
      return r.data;
    },
  };
}
