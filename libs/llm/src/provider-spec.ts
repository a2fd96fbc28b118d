/**
 * The provider spec: the one interface every LLM adapter implements. It depends on nothing but the
 * wire types of @scrai/contracts, so adapters, the gateway and fakes all speak the same small language.
 *
 * Providers never retry (the llm-gateway owns retries) and never throw anything but LlmError.
 */
import type { LlmProvider as LlmProviderId, LlmRequest, LlmResult } from '@scrai/contracts';

export type { LlmProviderId, LlmRequest };

/** A request setting the provider could not honour; it is reported, never silently dropped. */
export interface LlmWarning {
  setting: string;
  detail: string;
}

/**
 * What a provider returns: the wire result minus the fields the gateway fills in (which provider and
 * model answered, how long the call took, whether it came from a cache). The normalized finish reason
 * sits beside the provider's raw one.
 */
export type GenerateResult = Omit<LlmResult, 'provider' | 'model' | 'latency_ms' | 'cached'> & {
  warnings: LlmWarning[];
};

export interface CallOptions {
  /** Aborting rejects the call with an LlmError of code `aborted`. */
  signal?: AbortSignal;
}

/** Parts of a streamed answer: text deltas in order, then exactly one finish with the whole result. */
export type LlmStreamPart = { type: 'text-delta'; delta: string } | { type: 'finish'; result: GenerateResult };

export interface EmbedOptions extends CallOptions {
  /** The embedding model; adapters fall back to the one they were configured with. The mock ignores it. */
  model?: string;
}

export interface EmbedResult {
  /** One vector per input text, in input order; all of the same dimension. */
  embeddings: number[][];
  usage: { tokens_in: number };
}

export interface LlmProvider {
  readonly id: LlmProviderId;
  generate(req: LlmRequest, opts?: CallOptions): Promise<GenerateResult>;
  stream(req: LlmRequest, opts?: CallOptions): AsyncIterable<LlmStreamPart>;
  embed(texts: readonly string[], opts?: EmbedOptions): Promise<EmbedResult>;
}
