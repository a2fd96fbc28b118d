import { z } from 'zod';
import {
  consumerMaxDeliver,
  DEFAULT_HEARTBEAT_MS,
  ENGINE_TASK_KINDS,
  engineTtlEnvShape,
  envInt,
  retryPolicyEnv,
  type EngineType,
  type RetryPolicyConfig,
} from '@scrai/contracts';
import type { TopologyOptions } from '@scrai/messaging';
import type { EngineWorkerOptions } from './engine-worker-options.js';

/** The variables every engine service adds to the base environment (see each service's config.ts). */
export const engineEnvShape = {
  SCRAI_ENGINE_CONCURRENCY: envInt(64, 1, 10_000),
  SCRAI_TASK_ACK_WAIT_MS: envInt(30_000, 1_000, 3_600_000),
  /** Retry policy of tasks (JSON, contracts/retry-policy.ts): global fields and per-task-kind overrides. */
  SCRAI_RETRY_POLICY: retryPolicyEnv,
  /** Deprecated: deliveries of a task; sets the global max_retries to N - 1 unless SCRAI_RETRY_POLICY sets it. */
  SCRAI_TASK_MAX_DELIVER: z.coerce.number().int().min(1).max(1_000).optional(),
  SCRAI_LLM_TIMEOUT_MS: envInt(120_000, 1_000, 3_600_000),
  /** Registry heartbeat interval; watchers declare the engine gone after 3 missed beats. */
  SCRAI_HEARTBEAT_MS: envInt(DEFAULT_HEARTBEAT_MS, 100, 600_000),
  ...engineTtlEnvShape,
};
/** The engine's variables, with the base ones its options read (services parse the base shape too). */
export type EngineEnv = z.infer<z.ZodObject<typeof engineEnvShape>> & { SCRAI_STREAM_REPLICAS?: number };

/** The retry policy in force: SCRAI_RETRY_POLICY, with the deprecated SCRAI_TASK_MAX_DELIVER as the global max_retries + 1. */
export function retryConfigOf(env: EngineEnv): RetryPolicyConfig {
  const cfg = env.SCRAI_RETRY_POLICY;
  if (env.SCRAI_TASK_MAX_DELIVER === undefined || cfg.max_retries !== undefined) return cfg;
  return { ...cfg, max_retries: env.SCRAI_TASK_MAX_DELIVER - 1 };
}

export function engineWorkerOptionsOf(engineType: EngineType, env: EngineEnv): EngineWorkerOptions {
  const retry = retryConfigOf(env);
  return {
    engineType,
    concurrency: env.SCRAI_ENGINE_CONCURRENCY,
    ackWaitMs: env.SCRAI_TASK_ACK_WAIT_MS,
    maxDeliver: consumerMaxDeliver(retry, ENGINE_TASK_KINDS[engineType]),
    retry,
    llmTimeoutMs: env.SCRAI_LLM_TIMEOUT_MS,
    heartbeatMs: env.SCRAI_HEARTBEAT_MS,
    engineTtlMs: env.SCRAI_ENGINE_TTL_MS,
    replicas: env.SCRAI_STREAM_REPLICAS,
  };
}

/** The consumer settings this engine type asks ensureTopology for. */
export function engineTopologyOf(engineType: EngineType, env: EngineEnv): TopologyOptions {
  return {
    taskAckWaitMs: { [engineType]: env.SCRAI_TASK_ACK_WAIT_MS },
    taskMaxDeliver: { [engineType]: consumerMaxDeliver(retryConfigOf(env), ENGINE_TASK_KINDS[engineType]) },
  };
}
