export { fullBucket, refill, takeTokens, type BucketShape, type BucketState, type TakeOutcome } from './bucket-state.js';
export { DEFAULT_BURST_FRACTION, perMinuteShape } from './per-minute-shape.js';
export { isCasConflict } from './cas-conflict.js';
export { limitKey, type LimitUnit } from './limit-key.js';
export {
  createKvTokenBucket,
  type KvTokenBucket,
  type KvTokenBucketOptions,
  type KvTokenBucketStats,
  type TakeResult,
} from './kv-token-bucket.js';
export { createModelRateLimiter, type ModelRateLimiter, type ModelRateLimiterOptions } from './model-rate-limiter.js';
export { openLimitsBucket } from './open-limits-bucket.js';
export {
  DEFAULT_LLM_QUEUE_ACK_WAIT_MS,
  UNBOUNDED_CONCURRENCY,
  ensureLlmRequestQueue,
  llmRequestQueueTopology,
  type LlmRequestQueueConsumer,
  type LlmRequestQueueOptions,
  type LlmRequestQueueTopology,
} from './request-queue.js';
export {
  serveLlmRequestQueue,
  type LlmQueueServer,
  type LlmQueueServerOptions,
  type LlmRequestCall,
  type LlmRequestHandler,
  type QueueLog,
} from './request-queue-server.js';
export { LocalSlots } from './local-slots.js';
