import type { EngineType } from '@scrai/contracts';

/** How one engine worker process runs; built from the service's config (engine-env.ts). */
export interface EngineWorkerOptions {
  engineType: EngineType;
  /** Tasks handled at once by this process (parallel next() loops). */
  concurrency: number;
  /** The consumer's ack_wait; working() is sent every third of it while a task runs. */
  ackWaitMs: number;
  /** Deliveries of a task before it is dead-lettered. */
  maxDeliver: number;
  /** How long one llm-gateway call may take. */
  llmTimeoutMs: number;
  /** Re-asks after an unusable answer; default 2. */
  maxRepairs?: number;
}

export const ENGINE_WORKER_OPTIONS = Symbol('ENGINE_WORKER_OPTIONS');
