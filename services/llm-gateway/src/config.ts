import { z } from 'zod';
import { envInt } from '@scrai/contracts';
import { parseLatencySpec } from '@scrai/llm';
import { baseEnvSchema } from '@scrai/service-host';

/** A latency spec from the environment, parsed at boot; a bad value fails the boot with the accepted forms. */
const latencySpecFromEnv = z
  .string()
  .default('0')
  .transform((text, ctx) => {
    try {
      return parseLatencySpec(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
      return z.NEVER;
    }
  });

export const llmGatewayEnvSchema = baseEnvSchema.extend({
  /** Simulated response time of the mock provider: "0", "fixed:200", "uniform:100-300" or "normal:200,50" (ms). */
  SCRAI_MOCK_LATENCY: latencySpecFromEnv,
  /**
   * Most LLM calls this instance handles at once; further requests wait in the request queue. A
   * provider's `limits.<id>.max_concurrency` caps it across all instances (the broker enforces it).
   */
  SCRAI_LLM_MAX_CONCURRENCY: envInt(256, 1, 100_000),
  /**
   * Visibility timeout of a request this instance holds (the request queue consumers' ack_wait):
   * kept alive every third of it during a call, handed to another instance this long after this one
   * died. Set by the last instance to boot.
   */
  SCRAI_LLM_QUEUE_ACK_WAIT_MS: envInt(30_000, 1_000, 3_600_000),
  /**
   * Path of the LLM config file (YAML, or JSON by a `.json` extension): providers, prices, limits,
   * fallbacks, retry and circuit breaker. Unset: only the mock provider, no limits (see llm-setup.ts).
   */
  SCRAI_LLM_CONFIG: z.string().min(1).optional(),
});
export type LlmGatewayConfig = z.infer<typeof llmGatewayEnvSchema>;
