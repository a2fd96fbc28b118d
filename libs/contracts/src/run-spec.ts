import { z } from 'zod';
import {
  agentLlmSettingsSchema,
  analystSettingsSchema,
  narratorSettingsSchema,
  personaSchema,
} from './agent-template.js';
import { completionConditionSchema, turnPolicySchema } from './scenario-template.js';
import { actorActionSchema } from './turn-outputs.js';
import { llmCacheModeSchema } from './llm-cache-mode.js';
import { fallbackLineSchema, taskFailurePolicySchema } from './task-failure-policy.js';
import { llmBudgetSchema } from './llm-budget.js';
import { runForkSchema } from './run-fork.js';

/** One agent of a run: a role bound to a snapshot of its template. The role name is the agent's id in the run. */
const runAgentBase = {
  id: z.string().min(1),
  template_name: z.string().min(1),
  persona: personaSchema,
  llm: agentLlmSettingsSchema,
};
export const runAgentSchema = z.discriminatedUnion('engine_type', [
  z.object({
    ...runAgentBase,
    engine_type: z.literal('actor'),
    /** `stream`: copy of scenario.stream, so the actor's engine task (which carries its agent) knows to stream its turns. */
    settings: z.object({ stream: z.boolean().optional() }),
  }),
  z.object({ ...runAgentBase, engine_type: z.literal('narrator'), settings: narratorSettingsSchema }),
  z.object({ ...runAgentBase, engine_type: z.literal('analyst'), settings: analystSettingsSchema }),
]);
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
    /** Absent: all four actions. */
    actor_actions: z.array(actorActionSchema).min(1).optional(),
    /** Absent: "fail" (task-failure-policy.ts). */
    on_task_failure: taskFailurePolicySchema.optional(),
    fallback_line: fallbackLineSchema.optional(),
    /** Absent: read_write (llm-cache-mode.ts). A replay run has `replay`. */
    llm_cache: llmCacheModeSchema.optional(),
    /** Absent: no limit (llm-budget.ts). */
    budget: llmBudgetSchema.optional(),
    /** Absent: off. Actor text reaches SSE viewers token by token (scenario-template.ts). */
    stream: z.boolean().optional(),
  }),
  seed: z.number().int().min(0),
  agents: z.array(runAgentSchema).min(1),
  /** Present on a fork of another run (POST /runs/{id}/fork): its origin and what changes after the fork point (run-fork.ts). */
  fork: runForkSchema.optional(),
  created_at: z.string(),
});
export type RunSpec = z.infer<typeof runSpecSchema>;
