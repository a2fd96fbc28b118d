import type { LlmReply, LlmRequest, LlmResult } from '@scrai/contracts';
import type { LlmClient } from '../src/index.js';

export const answer = (text: string, over: Partial<LlmResult> = {}): LlmReply => ({
  ok: true,
  result: {
    text,
    tool_calls: [],
    finish_reason: 'stop',
    raw_finish_reason: 'stop',
    usage: { tokens_in: 100, tokens_out: 20 },
    provider: 'mock',
    model: 'mock-1',
    provider_request_id: null,
    latency_ms: 5,
    cached: false,
    ...over,
  },
});

export const llmError = (code: string, retryable: boolean, retry_after_ms: number | null = null): LlmReply => ({
  ok: false,
  error: { code, message: `${code} happened`, retryable, retry_after_ms },
});

/** Answers with the scripted replies in order and records every request. */
export class FakeLlmClient implements LlmClient {
  readonly requests: LlmRequest[] = [];
  constructor(private readonly replies: Array<LlmReply | Error>) {}

  async generate(request: LlmRequest): Promise<LlmReply> {
    this.requests.push(structuredClone(request));
    const next = this.replies.shift();
    if (!next) throw new Error('fake llm: no reply scripted');
    if (next instanceof Error) throw next;
    return next;
  }
}
