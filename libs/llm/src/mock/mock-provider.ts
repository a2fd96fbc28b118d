import type { LlmRequest } from '@scrai/contracts';
import { abortableSleep } from '../abortable-sleep.js';
import { abortedError } from '../llm-error.js';
import type { CallOptions, EmbedResult, GenerateResult, LlmProvider, LlmStreamPart } from '../provider-spec.js';
import { estimateInputTokens, estimateTokens } from '../token-estimate.js';
import { drawLatencyMs, NO_LATENCY, type LatencySpec } from './latency-spec.js';
import { mockAnswer } from './mock-answer.js';
import { DEFAULT_EMBEDDING_DIMENSIONS, hashedEmbedding } from './mock-embedding.js';
import { rngFor } from './prng.js';
import { requestKey } from './request-key.js';

export interface MockProviderOptions {
  /** Simulated response time, drawn per request from the request's own PRNG. Default: none. */
  latency?: LatencySpec;
  /** Length of the vectors `embed` returns. Default 64. */
  embeddingDimensions?: number;
}

/**
 * The deterministic mock provider: the same request (model, prompt, settings, seed, response format,
 * tools, hints) always gets the byte-identical answer (or tool call), written in the persona's voice from the request's hints.
 * No clock and no Math.random: all variety comes from a PRNG seeded with a hash of the request.
 */
export class MockProvider implements LlmProvider {
  readonly id = 'mock' as const;
  private readonly latency: LatencySpec;
  private readonly dimensions: number;

  constructor(o: MockProviderOptions = {}) {
    this.latency = o.latency ?? NO_LATENCY;
    this.dimensions = o.embeddingDimensions ?? DEFAULT_EMBEDDING_DIMENSIONS;
  }

  async generate(req: LlmRequest, opts: CallOptions = {}): Promise<GenerateResult> {
    if (opts.signal?.aborted) throw abortedError(opts.signal.reason);
    const { result, latencyMs } = this.answer(req);
    await abortableSleep(latencyMs, opts.signal);
    return result;
  }

  /**
   * Streams the same answer as word-sized deltas, then the final result. The latency is spread over
   * the deltas as a model spends its time generating them: delta i of n leaves at latency·(i+1)/n.
   */
  async *stream(req: LlmRequest, opts: CallOptions = {}): AsyncGenerator<LlmStreamPart> {
    if (opts.signal?.aborted) throw abortedError(opts.signal.reason);
    const { result, latencyMs } = this.answer(req);
    const deltas = result.text.match(/\S+\s*|\s+/g) ?? [];
    let waited = 0;
    for (let i = 0; i < deltas.length; i++) {
      const due = Math.round((latencyMs * (i + 1)) / deltas.length);
      await abortableSleep(due - waited, opts.signal);
      waited = due;
      yield { type: 'text-delta', delta: deltas[i]! };
    }
    await abortableSleep(latencyMs - waited, opts.signal);
    yield { type: 'finish', result };
  }

  /** The request's answer and simulated latency, both drawn from the request's own PRNG. */
  private answer(req: LlmRequest): { result: GenerateResult; latencyMs: number } {
    const key = requestKey(req);
    const answer = mockAnswer(req, key);
    const result: GenerateResult = {
      text: answer.text,
      ...(answer.object !== undefined ? { object: answer.object } : {}),
      tool_calls: answer.toolCalls,
      finish_reason: answer.finishReason,
      raw_finish_reason: answer.rawFinishReason,
      usage: {
        tokens_in: estimateInputTokens(req),
        tokens_out: estimateTokens(answer.text + answer.toolCalls.map((c) => c.name + c.raw_arguments).join('')),
      },
      provider_request_id: `mock-${key.slice(0, 16)}`,
      warnings: answer.warnings,
    };
    return { result, latencyMs: drawLatencyMs(this.latency, rngFor(key, 'latency')) };
  }

  async embed(texts: readonly string[], opts: CallOptions = {}): Promise<EmbedResult> {
    if (opts.signal?.aborted) throw abortedError(opts.signal.reason);
    return {
      embeddings: texts.map((t) => hashedEmbedding(t, this.dimensions)),
      usage: { tokens_in: texts.reduce((s, t) => s + estimateTokens(t), 0) },
    };
  }
}

export const createMockProvider = (o: MockProviderOptions = {}): MockProvider => new MockProvider(o);
