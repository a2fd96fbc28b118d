import { z } from 'zod';
import { agentTemplateSchema } from './agent-template.js';
import { ACTOR_ACTIONS, actorActionSchema } from './turn-outputs.js';
import { roleNameSchema, templateNameSchema } from './names.js';
import { fallbackLineSchema, taskFailurePolicySchema } from './task-failure-policy.js';
import { llmBudgetSchema } from './llm-budget.js';

export const TURN_POLICIES = ['round_robin', 'simultaneous'] as const;
export const turnPolicySchema = z.enum(TURN_POLICIES);
export type TurnPolicy = z.infer<typeof turnPolicySchema>;

/** Conditions that end a run early (any one suffices). max_turns and timeout_seconds always apply. */
export const completionConditionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('narrator_concludes') }),
  z.strictObject({ type: z.literal('all_actors_done') }),
  z.strictObject({ type: z.literal('phrase'), phrase: z.string().min(1).max(200) }),
]);
export type CompletionCondition = z.infer<typeof completionConditionSchema>;

export const roleSchema = z.strictObject({
  /** The agent template's name, or an inline agent template. */
  agent: z.union([templateNameSchema, agentTemplateSchema]),
  /** A required role whose template cannot be found fails the run's creation; an optional one is left out. */
  required: z.boolean().default(true),
});
export type RoleBinding = z.infer<typeof roleSchema>;

export const MAX_ROLES = 10_000;
export const MAX_TURNS = 1_000_000;

export const scenarioTemplateSchema = z.strictObject({
  name: templateNameSchema,
  description: z.string().max(8000).default(''),
  roles: z
    .record(roleNameSchema, roleSchema)
    .refine((r) => Object.keys(r).length >= 1, 'a scenario needs at least one role')
    .refine((r) => Object.keys(r).length <= MAX_ROLES, `a scenario has at most ${MAX_ROLES} roles`),
  turn_policy: turnPolicySchema.default('round_robin'),
  /** Actor turns (one actor's action is one turn). A simultaneous round never crosses this bound. */
  max_turns: z.number().int().min(1).max(MAX_TURNS).default(12),
  /** Wall-clock bound of the run; on expiry the run completes with reason "timeout". */
  timeout_seconds: z.number().int().min(1).max(7 * 24 * 3600).default(600),
  /** The analyst writes a checkpoint every N actor turns (0: only the final report). */
  analysis_every_n_turns: z.number().int().min(0).max(MAX_TURNS).default(0),
  completion_conditions: z
    .array(completionConditionSchema)
    .max(20)
    .default(() => [{ type: 'narrator_concludes' as const }, { type: 'all_actors_done' as const }]),
  opening_situation: z.string().min(1).max(16000),
  /** Same template + seed (+ cached answers) gives the same transcript. Omitted: the run picks one and records it. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  /** How many transcript entries each agent sees. */
  context_window: z.number().int().min(1).max(500).default(20),
  /** The actions actors may take. Without "done", nobody leaves and the run goes on to max_turns. */
  actor_actions: z
    .array(actorActionSchema)
    .min(1)
    .refine((a) => new Set(a).size === a.length, 'list each action once')
    .refine((a) => a.some((x) => x !== 'think'), 'allow at least one action others can see (speak, act or done)')
    .default(() => [...ACTOR_ACTIONS]),
  /** What the run does when one of its tasks is dead-lettered (task-failure-policy.ts); absent: "fail". */
  on_task_failure: taskFailurePolicySchema.optional(),
  /** The line an actor "says" under on_task_failure "fallback_line"; absent: "(remains silent)". */
  fallback_line: fallbackLineSchema.optional(),
  /** Tokens and/or money the run may spend on LLM calls (llm-budget.ts); absent: no limit. */
  budget: llmBudgetSchema.optional(),
  /**
   * Streaming: each actor's text reaches the run's SSE viewers token by token (`event: token`) while
   * the turn is generated; the stored actor.turn event is the complete turn either way.
   */
  stream: z.boolean().default(false),
});
export type ScenarioTemplate = z.infer<typeof scenarioTemplateSchema>;
export type ScenarioTemplateInput = z.input<typeof scenarioTemplateSchema>;
