import { z } from 'zod';
import { agentLlmSettingsSchema } from './agent-template.js';
import { scenarioTemplateSchema, turnPolicySchema } from './scenario-template.js';
import { llmCacheModeSchema } from './llm-cache-mode.js';

export const runOverridesSchema = z.strictObject({
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  max_turns: scenarioTemplateSchema.shape.max_turns.unwrap().optional(),
  timeout_seconds: scenarioTemplateSchema.shape.timeout_seconds.unwrap().optional(),
  turn_policy: turnPolicySchema.optional(),
  analysis_every_n_turns: scenarioTemplateSchema.shape.analysis_every_n_turns.unwrap().optional(),
  /** Forces every agent of the run onto this provider and/or model (only the fields given). */
  llm: z
    .strictObject({
      provider: agentLlmSettingsSchema.shape.provider.unwrap().optional(),
      model: agentLlmSettingsSchema.shape.model.unwrap().optional(),
      temperature: agentLlmSettingsSchema.shape.temperature.unwrap().optional(),
      max_tokens: agentLlmSettingsSchema.shape.max_tokens.unwrap().optional(),
    })
    .optional(),
  /** How the run uses the shared LLM answer cache (default read_write; llm-cache-mode.ts). */
  llm_cache: llmCacheModeSchema.optional(),
  /** Replaces the scenario's LLM budget (llm-budget.ts). */
  budget: scenarioTemplateSchema.shape.budget,
  /** Replaces the scenario's `stream` (actor text to SSE viewers token by token). */
  stream: z.boolean().optional(),
});
export type RunOverrides = z.infer<typeof runOverridesSchema>;

/**
 * POST /runs: `scenario` is a scenario template's name or id, or an inline scenario template.
 */
export const createRunRequestSchema = z.strictObject({
  scenario: z.union([z.string().min(1).max(200), scenarioTemplateSchema]),
  name: z.string().min(1).max(200).optional(),
  overrides: runOverridesSchema.default({}),
});
export type CreateRunRequest = z.infer<typeof createRunRequestSchema>;

/** POST /runs/{id}/stop (the body is optional). */
export const stopRunRequestSchema = z.strictObject({
  reason: z.string().min(1).max(500).optional(),
});
export type StopRunRequest = z.infer<typeof stopRunRequestSchema>;

/** What a client may send to POST /runs (defaults not yet applied). */
export type CreateRunRequestInput = z.input<typeof createRunRequestSchema>;
