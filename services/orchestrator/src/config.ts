import { z } from 'zod';
import { engineTtlEnvShape, envInt } from '@scrai/contracts';
import { baseEnvSchema } from '@scrai/service-host';

export const orchestratorEnvSchema = baseEnvSchema.extend({
  ...engineTtlEnvShape,
  /** Inputs held at once by this replica (those of one run are applied in order, batched: SCRAI_ORCHESTRATOR_BATCH_MAX). */
  SCRAI_ORCHESTRATOR_CONCURRENCY: envInt(64, 1, 4096),
  /** Specs of this many runs are cached in memory (they are immutable; KV holds them all). */
  SCRAI_SPEC_CACHE_SIZE: envInt(2000, 1, 1_000_000),
  /**
   * Inputs of one run applied in one pass at most (load once, decide each, write once): what waits
   * for a run while its previous inputs are being applied is batched (1: one input at a time).
   */
  SCRAI_ORCHESTRATOR_BATCH_MAX: envInt(256, 1, 10_000),
  /**
   * Cap on a run's stored record (state + outbox) in bytes; 0: the broker's max_payload less a
   * headroom. A decision whose record is larger fails its run (reduce actors or context_window).
   */
  SCRAI_RUN_RECORD_MAX_BYTES: envInt(0, 0, 1_073_741_824),
  /** Visibility timeout of an input held by a replica: a replica that dies loses its inputs to the others after this. */
  SCRAI_CMD_ACK_WAIT_MS: envInt(10_000, 500, 600_000),
});
export type OrchestratorConfig = z.infer<typeof orchestratorEnvSchema>;
