import { z } from 'zod';
import { TASK_KINDS, type TaskKind } from './engine-task.js';

/**
 * How an engine task is retried, as data. A retryable failure is nak'ed with an exponential delay
 * (`initial_delay_ms · multiplier^(delivery-1)`, at most `max_delay_ms`) until delivery
 * `max_retries + 1`, whose failure dead-letters the task. `dead_letter_threshold` is the consumer's
 * `max_deliver`: deliveries after which the broker itself gives up (a worker that crashed or hung on
 * each of them) and the dead-letter mover takes the task; it defaults to `max_retries + 1` and may be
 * larger to leave room for redeliveries caused by crashes rather than by failures.
 *
 * Retries are mapped onto nak delays only, never onto a consumer BackOff: the two interact badly
 * (a nak delay on delivery n waits `delay + backoff[n-1] − backoff[0]`).
 */
export const retryPolicySchema = z.strictObject({
  /** Retries after the first attempt (0: a failure dead-letters at once). */
  max_retries: z.number().int().min(0).max(100),
  initial_delay_ms: z.number().int().min(0).max(3_600_000),
  max_delay_ms: z.number().int().min(0).max(3_600_000),
  multiplier: z.number().min(1).max(100),
  /** Deliveries after which the broker stops delivering (the consumer's max_deliver); default max_retries + 1. */
  dead_letter_threshold: z.number().int().min(1).max(1000).optional(),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { max_retries: 4, initial_delay_ms: 1000, max_delay_ms: 30_000, multiplier: 2 };

const partialPolicySchema = retryPolicySchema.partial();
export type RetryPolicyOverride = z.infer<typeof partialPolicySchema>;

/**
 * The configured policy (`SCRAI_RETRY_POLICY`, JSON): global fields (each defaults to
 * DEFAULT_RETRY_POLICY) plus per-task-kind overrides, e.g.
 * `{"max_retries": 2, "overrides": {"actor.turn": {"max_retries": 5, "max_delay_ms": 60000}}}`.
 */
export const retryPolicyConfigSchema = partialPolicySchema
  .extend({ overrides: z.partialRecord(z.enum(TASK_KINDS), partialPolicySchema).default({}) })
  .strict()
  .superRefine((cfg, ctx) => {
    for (const kind of [null, ...TASK_KINDS] as const) {
      if (kind && !cfg.overrides[kind]) continue;
      const p = kind ? retryPolicyOf(cfg, kind) : { ...DEFAULT_RETRY_POLICY, ...withoutOverrides(cfg) };
      const at = (field: string) => (kind ? ['overrides', kind, field] : [field]);
      if (p.max_delay_ms < p.initial_delay_ms) {
        ctx.addIssue({ code: 'custom', path: at('max_delay_ms'), message: `must be at least initial_delay_ms (${p.initial_delay_ms})` });
      }
      if (p.dead_letter_threshold !== undefined && p.dead_letter_threshold < p.max_retries + 1) {
        ctx.addIssue({ code: 'custom', path: at('dead_letter_threshold'), message: `must be at least max_retries + 1 (${p.max_retries + 1})` });
      }
    }
  });
export type RetryPolicyConfig = z.infer<typeof retryPolicyConfigSchema>;

export const DEFAULT_RETRY_POLICY_CONFIG: RetryPolicyConfig = { overrides: {} };

function withoutOverrides(cfg: RetryPolicyConfig): RetryPolicyOverride {
  const { overrides: _drop, ...global } = cfg;
  return Object.fromEntries(Object.entries(global).filter(([, v]) => v !== undefined));
}

/** The effective policy of one task kind: defaults, then the global fields, then the kind's override. */
export function retryPolicyOf(cfg: RetryPolicyConfig, kind: TaskKind): RetryPolicy {
  const own = Object.fromEntries(Object.entries(cfg.overrides[kind] ?? {}).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_RETRY_POLICY, ...withoutOverrides(cfg), ...own };
}

/** The delivery whose retryable failure dead-letters the task (the worker does it, then term()). */
export const lastRetryDelivery = (p: RetryPolicy): number => p.max_retries + 1;

/** The consumer's max_deliver for one policy: after that many deliveries only the advisory path can move it. */
export const deadLetterThresholdOf = (p: RetryPolicy): number => p.dead_letter_threshold ?? p.max_retries + 1;

/** The consumer of an engine type serves several kinds (ENGINE_TASK_KINDS): its max_deliver is the largest threshold among them. */
export function consumerMaxDeliver(cfg: RetryPolicyConfig, kinds: readonly TaskKind[]): number {
  return Math.max(1, ...kinds.map((k) => deadLetterThresholdOf(retryPolicyOf(cfg, k))));
}

/**
 * SCRAI_RETRY_POLICY as an environment variable: JSON, validated at boot; errors name the field
 * (`SCRAI_RETRY_POLICY.overrides.actor.turn.max_retries: ...`). Unset or empty: the defaults.
 */
export const retryPolicyEnv = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not valid JSON (${e instanceof Error ? e.message : String(e)})` });
      return z.NEVER;
    }
  })
  .pipe(retryPolicyConfigSchema);
