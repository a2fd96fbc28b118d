import { z } from 'zod';
import { agentLlmSettingsSchema, personaSchema } from './agent-template.js';
import { runOverridesSchema } from './run-request.js';

/**
 * LLM settings a fork changes: only the fields given (no defaults, so `{temperature: 0}` changes the
 * temperature and nothing else).
 */
export const llmChangesSchema = z.strictObject({
  provider: agentLlmSettingsSchema.shape.provider.unwrap().optional(),
  model: agentLlmSettingsSchema.shape.model.unwrap().optional(),
  temperature: agentLlmSettingsSchema.shape.temperature.unwrap().optional(),
  max_tokens: agentLlmSettingsSchema.shape.max_tokens.unwrap().optional(),
});
export type LlmChanges = z.infer<typeof llmChangesSchema>;

/** Persona fields a fork changes: each field given replaces the agent's (a list or `traits` as a whole). */
export const personaChangesSchema = z.strictObject({
  role: personaSchema.shape.role.optional(),
  backstory: personaSchema.shape.backstory.unwrap().optional(),
  goals: personaSchema.shape.goals.unwrap().optional(),
  traits: personaSchema.shape.traits.unwrap().optional(),
  instructions: personaSchema.shape.instructions.unwrap().optional(),
  constraints: personaSchema.shape.constraints.unwrap().optional(),
});
export type PersonaChanges = z.infer<typeof personaChangesSchema>;

/** What a fork changes about one agent. */
export const agentChangesSchema = z.strictObject({
  persona: personaChangesSchema.optional(),
  llm: llmChangesSchema.optional(),
});
export type AgentChanges = z.infer<typeof agentChangesSchema>;

/**
 * One change of a forked run's settings, in force for every task that comes after `from_turn` actor
 * turns (an actor's turn number `from_turn + 1` on; a narrator's or analyst's task once `from_turn`
 * turns are taken). Agent changes apply on top of `llm` (the more specific wins).
 */
export const forkChangeSchema = z.object({
  from_turn: z.number().int().min(0),
  /** The seed the tasks' seeds are derived from (absent: unchanged). */
  seed: z.number().int().min(0).optional(),
  /** The max_turns tasks are told (absent: unchanged); the run's own limit is `scenario.max_turns`. */
  max_turns: z.number().int().min(1).optional(),
  /** LLM settings forced on every agent. */
  llm: llmChangesSchema.optional(),
  /** Per agent id. */
  agents: z.record(z.string().min(1), agentChangesSchema).optional(),
});
export type ForkChange = z.infer<typeof forkChangeSchema>;

/**
 * The origin of a forked run (RunSpec `fork`). The spec itself is the source's (same scenario, seed,
 * agent snapshots and turn policy), so the fork's first `from_turn` turns send the same LLM requests
 * as the source's and are answered from the shared cache; `changes` say what differs after that.
 */
export const runForkSchema = z.object({
  source_run_id: z.string().uuid(),
  from_turn: z.number().int().min(0),
  /**
   * The max_turns tasks are told before the first change (the chain's original run's), present
   * when it differs from `scenario.max_turns`: prompts mention it, so they match the source's.
   */
  original_max_turns: z.number().int().min(1).optional(),
  /**
   * In order of `from_turn`, each applied on top of the ones before: a fork of a fork keeps the
   * source's changes made before this fork point, then adds its own (the last one).
   */
  changes: z.array(forkChangeSchema).min(1),
});
export type RunFork = z.infer<typeof runForkSchema>;

/**
 * POST /runs/{id}/fork. `overrides`: `seed`, `llm` and `agents` change the tasks after the fork
 * point; `max_turns`, `timeout_seconds` and `budget` apply to the whole forked run.
 */
export const forkRunRequestSchema = z.strictObject({
  from_turn: z.number().int().min(0),
  overrides: z
    .strictObject({
      seed: runOverridesSchema.shape.seed,
      max_turns: runOverridesSchema.shape.max_turns,
      timeout_seconds: runOverridesSchema.shape.timeout_seconds,
      budget: runOverridesSchema.shape.budget,
      llm: llmChangesSchema.optional(),
      agents: z.record(z.string().min(1), agentChangesSchema).optional(),
    })
    .default({}),
});
export type ForkRunRequest = z.infer<typeof forkRunRequestSchema>;
/** What a client may send to POST /runs/{id}/fork. */
export type ForkRunRequestInput = z.input<typeof forkRunRequestSchema>;
