import type { EngineType, RetryPolicyConfig } from '@scrai/contracts';

/** How one engine worker process runs; built from the service's config (engine-env.ts). */
export interface EngineWorkerOptions {
  engineType: EngineType;
  /** Tasks handled at once by this process (parallel next() loops). */
  concurrency: number;
  /** The consumer's ack_wait; working() is sent every third of it while a task runs. */
  ackWaitMs: number;
  /** The consumer's max_deliver: deliveries after which the broker gives a task up (the largest dead_letter_threshold of the type's kinds). */
  maxDeliver: number;
  /** Retry policy per task kind (nak delays, the delivery whose failure is dead-lettered); default DEFAULT_RETRY_POLICY. */
  retry?: RetryPolicyConfig;
  /** How long one llm-gateway call may take. */
  llmTimeoutMs: number;
  /** Re-asks after an unusable answer; default 2. */
  maxRepairs?: number;
  /** Registry heartbeat interval (ms); default 5000. */
  heartbeatMs?: number;
  /** TTL of the registry bucket when this worker creates it (ms); default 15000. */
  engineTtlMs?: number;
  /** Replicas of the registry bucket when this worker creates it (SCRAI_STREAM_REPLICAS); default 1. */
  replicas?: number;
}

export const ENGINE_WORKER_OPTIONS = Symbol('ENGINE_WORKER_OPTIONS');
