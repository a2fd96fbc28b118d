import type { z } from 'zod';
import { envInt, type EngineType } from '@scrai/contracts';
import type { TopologyOptions } from '@scrai/messaging';
import type { EngineWorkerOptions } from './engine-worker-options.js';

/** The variables every engine service adds to the base environment (see each service's config.ts). */
export const engineEnvShape = {
  SCRAI_ENGINE_CONCURRENCY: envInt(64, 1, 10_000),
  SCRAI_TASK_ACK_WAIT_MS: envInt(30_000, 1_000, 3_600_000),
  SCRAI_TASK_MAX_DELIVER: envInt(5, 1, 1_000),
  SCRAI_LLM_TIMEOUT_MS: envInt(120_000, 1_000, 3_600_000),
};
export type EngineEnv = z.infer<z.ZodObject<typeof engineEnvShape>>;

export function engineWorkerOptionsOf(engineType: EngineType, env: EngineEnv): EngineWorkerOptions {
  return {
    engineType,
    concurrency: env.SCRAI_ENGINE_CONCURRENCY,
    ackWaitMs: env.SCRAI_TASK_ACK_WAIT_MS,
    maxDeliver: env.SCRAI_TASK_MAX_DELIVER,
    llmTimeoutMs: env.SCRAI_LLM_TIMEOUT_MS,
  };
}

/** The consumer settings this engine type asks ensureTopology for. */
export function engineTopologyOf(engineType: EngineType, env: EngineEnv): TopologyOptions {
  return { taskAckWaitMs: { [engineType]: env.SCRAI_TASK_ACK_WAIT_MS }, taskMaxDeliver: env.SCRAI_TASK_MAX_DELIVER };
}
