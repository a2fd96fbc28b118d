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
  UNBOUNDED_CONCURRENCY,
  ensureLlmRequestQueue,
  llmRequestQueueTopology,
  type LlmRequestQueueOptions,
  type LlmRequestQueueTopology,
} from './request-queue.js';
