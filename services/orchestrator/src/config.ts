import { z } from 'zod';
import { engineTtlEnvShape, envInt } from '@scrai/contracts';
import { baseEnvSchema } from '@scrai/service-host';

export const orchestratorEnvSchema = baseEnvSchema.extend({
  ...engineTtlEnvShape,
  /** Inputs processed at once by this replica (inputs of one run are still handled one at a time). */
  SCRAI_ORCHESTRATOR_CONCURRENCY: envInt(64, 1, 4096),
  /** Specs of this many runs are cached in memory (they are immutable; KV holds them all). */
  SCRAI_SPEC_CACHE_SIZE: envInt(2000, 1, 1_000_000),
  /** Visibility timeout of an input held by a replica: a replica that dies loses its inputs to the others after this. */
  SCRAI_CMD_ACK_WAIT_MS: envInt(10_000, 500, 600_000),
});
export type OrchestratorConfig = z.infer<typeof orchestratorEnvSchema>;
