import { z } from 'zod';
import {
  agentLlmSettingsSchema,
  analystSettingsSchema,
  narratorSettingsSchema,
  personaSchema,
} from './agent-template.js';
import { engineTypeSchema } from './engine-type.js';
import { completionConditionSchema, turnPolicySchema } from './scenario-template.js';

/** One agent of a run: a role bound to a snapshot of its template. The role name is the agent's id in the run. */
export const runAgentSchema = z.object({
  id: z.string().min(1),
  template_name: z.string().min(1),
  engine_type: engineTypeSchema,
  persona: personaSchema,
  llm: agentLlmSettingsSchema,
  settings: z.union([narratorSettingsSchema, analystSettingsSchema, z.object({})]),
});
export type RunAgent = z.infer<typeof runAgentSchema>;

/** A scenario resolved for one run: every template reference replaced by a snapshot, overrides applied. */
export const runSpecSchema = z.object({
  run_id: z.string().uuid(),
  name: z.string().max(200).nullable(),
  scenario: z.object({
    id: z.string().uuid().nullable(),
    name: z.string().min(1),
    description: z.string(),
    opening_situation: z.string().min(1),
    turn_policy: turnPolicySchema,
    max_turns: z.number().int().min(1),
    timeout_seconds: z.number().int().min(1),
    analysis_every_n_turns: z.number().int().min(0),
    completion_conditions: z.array(completionConditionSchema),
    context_window: z.number().int().min(1),
  }),
  seed: z.number().int().min(0),
  agents: z.array(runAgentSchema).min(1),
  created_at: z.string(),
});
export type RunSpec = z.infer<typeof runSpecSchema>;
