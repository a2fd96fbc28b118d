export type {
  CallOptions,
  EmbedOptions,
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
export { canonicalJson } from './mock/canonical-json.js';
export { hashedEmbedding, DEFAULT_EMBEDDING_DIMENSIONS } from './mock/mock-embedding.js';
export { sfc32, rngFor, type Rng } from './mock/prng.js';
export { type AdapterOptions, DEFAULT_TIMEOUT_MS } from './adapters/adapter-options.js';
export { retryAfterMs } from './adapters/retry-after.js';
export { classifyHttpStatus, type HttpFailure } from './adapters/classify-http-status.js';
export { parseJsonAnswer } from './adapters/parse-json-answer.js';
export { parsedToolCall, type WireToolCall } from './adapters/tool-call-arguments.js';
export { OpenAiProvider, createOpenAiProvider, createOpenAiCompatibleProvider } from './adapters/openai/openai-provider.js';
export { mapOpenAiRequest, type OpenAiFlavour } from './adapters/openai/map-openai-request.js';
export { mapOpenAiFinishReason } from './adapters/openai/map-openai-finish-reason.js';
export { classifyOpenAiError } from './adapters/openai/classify-openai-error.js';
export { AnthropicProvider, createAnthropicProvider } from './adapters/anthropic/anthropic-provider.js';
export { mapAnthropicRequest, ANTHROPIC_DEFAULT_MAX_TOKENS } from './adapters/anthropic/map-anthropic-request.js';
export { mapAnthropicFinishReason } from './adapters/anthropic/map-anthropic-finish-reason.js';
export { classifyAnthropicError } from './adapters/anthropic/classify-anthropic-error.js';
export { OllamaProvider, createOllamaProvider } from './adapters/ollama/ollama-provider.js';
export { mapOllamaRequest } from './adapters/ollama/map-ollama-request.js';
export { mapOllamaFinishReason } from './adapters/ollama/map-ollama-finish-reason.js';
export { classifyOllamaError } from './adapters/ollama/classify-ollama-error.js';
export * from './retry/index.js';
