export type {
  CallOptions,
  EmbedResult,
  GenerateResult,
  LlmProvider,
  LlmProviderId,
  LlmStreamPart,
  LlmWarning,
} from './provider-spec.js';
export { LlmError, abortedError, type LlmErrorCode, type LlmErrorOptions } from './llm-error.js';
export { estimateTokens, estimateInputTokens } from './token-estimate.js';
export { abortableSleep } from './abortable-sleep.js';
export {
  createProviderRegistry,
  notConfiguredError,
  providerRegistry,
  type DefaultRegistryOptions,
  type ProviderRegistry,
} from './provider-registry.js';
export { MockProvider, createMockProvider, type MockProviderOptions } from './mock/mock-provider.js';
export { parseLatencySpec, formatLatencySpec, drawLatencyMs, NO_LATENCY, type LatencySpec } from './mock/latency-spec.js';
export { requestKey } from './mock/request-key.js';
export { hashedEmbedding, DEFAULT_EMBEDDING_DIMENSIONS } from './mock/mock-embedding.js';
export { sfc32, rngFor, type Rng } from './mock/prng.js';
