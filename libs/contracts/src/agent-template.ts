import { z } from 'zod';
import { LLM_PROVIDER_ID_MESSAGE, LLM_PROVIDER_ID_PATTERN } from './llm-config.js';
import { templateNameSchema } from './names.js';

/**
 * Which configured provider answers: any id of the llm-gateway's config (`providers` in
 * SCRAI_LLM_CONFIG; `mock` is always there). The gateway's config is not known where templates
 * are validated, so only the id's form is checked here; an id the gateway does not have is
 * answered with a permanent `provider_not_configured` error listing the ids it has.
 */
export const llmProviderSchema = z.string().regex(LLM_PROVIDER_ID_PATTERN, LLM_PROVIDER_ID_MESSAGE);
export type LlmProvider = z.infer<typeof llmProviderSchema>;

export const agentLlmSettingsSchema = z.strictObject({
  provider: llmProviderSchema.default('mock'),
  model: z.string().min(1).max(200).default('mock-1'),
  temperature: z.number().min(0).max(2).default(0.7),
  max_tokens: z.number().int().min(1).max(65536).default(512),
});
export type AgentLlmSettings = z.infer<typeof agentLlmSettingsSchema>;

const line = z.string().min(1).max(1000);

export const personaSchema = z.strictObject({
  role: z.string().min(1).max(200),
  backstory: z.string().max(8000).default(''),
  goals: z.array(line).max(50).default([]),
  traits: z.record(z.string().min(1).max(100), z.union([z.string().max(500), z.number(), z.boolean()])).default({}),
  instructions: z.array(line).max(50).default([]),
  constraints: z.array(line).max(50).default([]),
});
export type Persona = z.infer<typeof personaSchema>;

const PERSPECTIVES = ['first_person', 'second_person', 'third_person'] as const;

export const narratorSettingsSchema = z.strictObject({
  narrative_style: z.string().min(1).max(200).default('vivid and concise'),
  perspective: z.enum(PERSPECTIVES).default('third_person'),
});
export const analystSettingsSchema = z.strictObject({
  focus: z.string().min(1).max(500).default('group dynamics and persuasion'),
  metrics: z.array(z.string().min(1).max(100)).max(50).default([]),
});
export const actorSettingsSchema = z.strictObject({});

const defaultLlm = () => agentLlmSettingsSchema.parse({});

const common = {
  name: templateNameSchema,
  description: z.string().max(4000).default(''),
  persona: personaSchema,
  llm: agentLlmSettingsSchema.default(defaultLlm),
};

export const actorTemplateSchema = z.strictObject({
  ...common,
  engine_type: z.literal('actor'),
  settings: actorSettingsSchema.default({}),
});
export const narratorTemplateSchema = z.strictObject({
  ...common,
  engine_type: z.literal('narrator'),
  settings: narratorSettingsSchema.default(() => narratorSettingsSchema.parse({})),
});
export const analystTemplateSchema = z.strictObject({
  ...common,
  engine_type: z.literal('analyst'),
  settings: analystSettingsSchema.default(() => analystSettingsSchema.parse({})),
});

/** An agent template: who the agent is, which engine runs it and which model speaks for it. */
export const agentTemplateSchema = z.discriminatedUnion('engine_type', [
  actorTemplateSchema,
  narratorTemplateSchema,
  analystTemplateSchema,
]);
export type AgentTemplate = z.infer<typeof agentTemplateSchema>;
export type AgentTemplateInput = z.input<typeof agentTemplateSchema>;
export type NarratorSettings = z.infer<typeof narratorSettingsSchema>;
export type AnalystSettings = z.infer<typeof analystSettingsSchema>;
