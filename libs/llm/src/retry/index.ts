export type { LlmAttemptRecord } from './attempt-record.js';
export { backoffDelayMs, retryDelayMs } from './backoff-delay.js';
export { retryLlmCall, type RetryLlmCallOptions } from './retry-llm-call.js';
export {
  createBreakerRegistry,
  createCircuitBreaker,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from './circuit-breaker.js';
export { callWithFallbacks, type FallbackOptions, type FallbackResult } from './call-with-fallbacks.js';
