/**
 * Headers of a request on the LLM request stream (`<NS>_LLM_REQ`; the body is an LlmRequest, the
 * Nats-Msg-Id its request_id). The caller waits on its own inbox; the stream keeps the request
 * until an llm-gateway replica has answered it there and acked.
 */
export const LLM_QUEUE_HEADERS = {
  /** The core subject the llm-gateway publishes the LlmReply to (the caller's inbox). */
  replyTo: 'Scrai-Reply-To',
  /**
   * Epoch milliseconds after which the caller no longer waits: the llm-gateway acks such a request
   * without a provider call. Compared with the gateway host's clock (hosts are NTP-synced).
   */
  deadline: 'Scrai-Deadline',
} as const;
