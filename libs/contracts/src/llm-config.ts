import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ErrorDetail } from './api-error.js';
import { issuesToDetails } from './validation-issues.js';

/**
 * The llm-gateway's one configuration file (path in `SCRAI_LLM_CONFIG`, YAML or JSON), validated at
 * boot. Keys never appear in it: a provider names the environment variable that holds its key.
 * Example with every field: templates/llm-config.example.yaml. Defaults:
 *
 * - `providers`: `{mock: {kind: mock}}` when the section is absent; `timeout_ms` (per attempt) 60 000.
 * - `models`, `limits`, `fallbacks`: empty (no prices, no limits, no fallbacks).
 * - `retry`: 4 attempts, 500 ms doubling up to 30 s, jitter 0.2, a `retry-after` above 60 s is not waited for.
 * - `circuit_breaker`: open after 5 consecutive failed calls, half-open after 30 s.
 *
 * Model keys are `<provider>/<model>`, split at the first `/` (the model part may hold more slashes,
 * e.g. `openrouter/meta-llama/llama-3.1-8b`). Limit keys are a provider id or a model key.
 */
export const LLM_PROVIDER_KINDS = ['openai', 'anthropic', 'ollama', 'openai_compatible', 'mock'] as const;
export type LlmProviderKind = (typeof LLM_PROVIDER_KINDS)[number];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * A provider id: a key of the config's `providers` (and what an agent's `llm.provider` names).
 * Lower-case so it is also a safe broker subject token and consumer name.
 */
export const LLM_PROVIDER_ID_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
export const LLM_PROVIDER_ID_MESSAGE = 'provider ids are 1-64 lower-case letters, digits, "_" or "-", starting with a letter';
const PROVIDER_ID = LLM_PROVIDER_ID_PATTERN;

export const llmProviderConfigSchema = z.strictObject({
  kind: z.enum(LLM_PROVIDER_KINDS),
  base_url: z.url().optional(),
  /** The NAME of the environment variable holding the key (e.g. OPENAI_API_KEY), never the key. */
  api_key_env: z
    .string()
    .regex(ENV_NAME, 'the name of an environment variable (letters, digits, "_"), not the key itself')
    .optional(),
  /** Timeout of one attempt, in ms. */
  timeout_ms: z.number().int().min(1).max(3_600_000).default(60_000),
});
export type LlmProviderConfig = z.infer<typeof llmProviderConfigSchema>;

const modelFields = {
  price_in_per_million: z.number().min(0),
  price_out_per_million: z.number().min(0),
  context_window: z.number().int().min(1),
};
const modelListEntrySchema = z.strictObject({ provider: z.string().min(1), model: z.string().min(1), ...modelFields });
export type LlmModelConfig = z.infer<typeof modelListEntrySchema>;

export const llmLimitSchema = z.strictObject({
  requests_per_minute: z.number().int().min(1).optional(),
  tokens_per_minute: z.number().int().min(1).optional(),
  max_concurrency: z.number().int().min(1).max(100_000).optional(),
});
export type LlmLimit = z.infer<typeof llmLimitSchema>;

export const llmRetryConfigSchema = z.strictObject({
  /** Attempts in all, the first included (1: never retried). */
  max_attempts: z.number().int().min(1).max(20).default(4),
  initial_delay_ms: z.number().int().min(0).max(600_000).default(500),
  max_delay_ms: z.number().int().min(0).max(600_000).default(30_000),
  multiplier: z.number().min(1).max(10).default(2),
  /** Fraction of each backoff delay that is random: the wait is drawn from [d·(1−jitter), d]. */
  jitter: z.number().min(0).max(1).default(0.2),
  /** A provider asking to wait longer than this (`retry-after`) is not retried: the call fails at once. */
  max_retry_after_ms: z.number().int().min(0).max(3_600_000).default(60_000),
}).refine((r) => r.max_delay_ms >= r.initial_delay_ms, {
  path: ['max_delay_ms'],
  message: 'must be at least initial_delay_ms',
});
export type LlmRetryConfig = z.infer<typeof llmRetryConfigSchema>;

export const llmCircuitBreakerConfigSchema = z.strictObject({
  failure_threshold: z.number().int().min(1).max(1000).default(5),
  reset_after_ms: z.number().int().min(1).max(3_600_000).default(30_000),
});
export type LlmCircuitBreakerConfig = z.infer<typeof llmCircuitBreakerConfigSchema>;

/** `<provider>/<model>` split at the first `/`; null when there is no provider or no model part. */
export function splitModelKey(key: string): { provider: string; model: string } | null {
  const at = key.indexOf('/');
  if (at <= 0 || at === key.length - 1) return null;
  return { provider: key.slice(0, at), model: key.slice(at + 1) };
}

export const modelKey = (provider: string, model: string): string => `${provider}/${model}`;

const modelsSchema = z
  .union([z.array(modelListEntrySchema), z.record(z.string(), z.strictObject(modelFields))])
  .transform((input, ctx) => {
    const out: Record<string, LlmModelConfig> = {};
    const entries = Array.isArray(input)
      ? input.map((m, i) => ({ key: modelKey(m.provider, m.model), value: m, path: [i] }))
      : Object.entries(input).map(([key, fields]) => ({ key, value: { ...splitModelKey(key)!, ...fields }, path: [key] }));
    for (const { key, value, path } of entries) {
      if (!splitModelKey(key)) {
        ctx.addIssue({ code: 'custom', path, message: 'model keys are "<provider>/<model>"' });
      } else if (out[key]) {
        ctx.addIssue({ code: 'custom', path, message: `model ${key} is listed twice` });
      } else {
        out[key] = value;
      }
    }
    return out;
  });

export const llmConfigSchema = z
  .strictObject({
    providers: z
      .record(z.string().regex(PROVIDER_ID, LLM_PROVIDER_ID_MESSAGE), llmProviderConfigSchema)
      .default({ mock: { kind: 'mock', timeout_ms: 60_000 } }),
    models: modelsSchema.default({}),
    limits: z.record(z.string(), llmLimitSchema).default({}),
    fallbacks: z.record(z.string(), z.string()).default({}),
    retry: llmRetryConfigSchema.default(llmRetryConfigSchema.parse({})),
    circuit_breaker: llmCircuitBreakerConfigSchema.default(llmCircuitBreakerConfigSchema.parse({})),
  })
  .superRefine((cfg, ctx) => {
    const providerOf = (key: string) => (key.includes('/') ? splitModelKey(key)?.provider : key);
    for (const [key, m] of Object.entries(cfg.models)) {
      if (!cfg.providers[m.provider]) ctx.addIssue({ code: 'custom', path: ['models', key], message: `unknown provider "${m.provider}"` });
    }
    for (const key of Object.keys(cfg.limits)) {
      const p = providerOf(key);
      if (!p || !cfg.providers[p]) ctx.addIssue({ code: 'custom', path: ['limits', key], message: 'not a configured provider or "<provider>/<model>"' });
    }
    for (const [from, to] of Object.entries(cfg.fallbacks)) {
      for (const [key, field] of [[from, 'key'], [to, 'value']] as const) {
        const p = splitModelKey(key)?.provider;
        if (!p || !cfg.providers[p]) {
          ctx.addIssue({ code: 'custom', path: ['fallbacks', from], message: `${field} "${key}" is not "<provider>/<model>" of a configured provider` });
        }
      }
      const chain = [from];
      for (let next = cfg.fallbacks[from]; next !== undefined; next = cfg.fallbacks[next]) {
        if (chain.includes(next)) {
          ctx.addIssue({ code: 'custom', path: ['fallbacks', from], message: `fallbacks form a cycle: ${[...chain, next].join(' → ')}` });
          break;
        }
        chain.push(next);
      }
    }
  });
export type LlmConfig = z.infer<typeof llmConfigSchema>;
export type LlmConfigInput = z.input<typeof llmConfigSchema>;

export type LlmConfigFormat = 'yaml' | 'json';

/** A configuration file that cannot be used; `details` name each bad field (`limits.openai.requests_per_minute`). */
export class LlmConfigError extends Error {
  readonly details: ErrorDetail[];
  constructor(message: string, details: ErrorDetail[]) {
    super(details.length ? `${message}\n${details.map((d) => `  ${d.path}: ${d.message}`).join('\n')}` : message);
    this.name = 'LlmConfigError';
    this.details = details;
  }
}

/** The format of a config file by its extension: `.json` is JSON, anything else YAML (a superset). */
export const llmConfigFormatOf = (path: string): LlmConfigFormat => (path.toLowerCase().endsWith('.json') ? 'json' : 'yaml');

/** Parses and validates the file's text; throws LlmConfigError with field paths. An empty file is all defaults. */
export function parseLlmConfig(text: string, format: LlmConfigFormat, source = 'LLM config'): LlmConfig {
  let data: unknown;
  try {
    data = text.trim() === '' ? {} : format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new LlmConfigError(`${source}: not valid ${format.toUpperCase()} (${e instanceof Error ? e.message : String(e)})`, []);
  }
  const r = llmConfigSchema.safeParse(data ?? {});
  if (r.success) return r.data;
  throw new LlmConfigError(`${source}: invalid configuration`, issuesToDetails(r.error.issues));
}

/** Provider-wide and model-specific limits of one model (either may be absent). */
export function limitsOf(cfg: LlmConfig, provider: string, model: string): { provider?: LlmLimit; model?: LlmLimit } {
  return { provider: cfg.limits[provider], model: cfg.limits[modelKey(provider, model)] };
}

/** The model and its fallbacks in order (`a → b → c`); the config guarantees there is no cycle. */
export function fallbackChain(cfg: LlmConfig, key: string): string[] {
  const chain = [key];
  for (let next = cfg.fallbacks[key]; next !== undefined && !chain.includes(next); next = cfg.fallbacks[next]) chain.push(next);
  return chain;
}
