import { z } from 'zod';
import { engineTypeSchema } from './engine-type.js';
import { runAgentSchema } from './run-spec.js';
import { actorActionSchema } from './turn-outputs.js';
import { llmCacheModeSchema } from './llm-cache-mode.js';
import { llmBudgetSchema } from './llm-budget.js';

/** What an engine is asked to do; each kind maps to one engine type and one structured output. */
export const TASK_KINDS = [
  'scene.open',
  'actor.turn',
  'round.resolve',
  'analysis.checkpoint',
  'analysis.report',
] as const;
export const taskKindSchema = z.enum(TASK_KINDS);
export type TaskKind = z.infer<typeof taskKindSchema>;

/** One line of the transcript as agents see it. */
export const transcriptEntrySchema = z.object({
  seq: z.number().int(),
  agent_id: z.string().nullable(),
  kind: z.string(),
  text: z.string(),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export const participantSchema = z.object({
  id: z.string(),
  engine_type: engineTypeSchema,
  role: z.string(),
});
export type Participant = z.infer<typeof participantSchema>;

/** Aggregates of the whole run so far, for the analyst (the transcript window may be shorter). */
export const runStatsSchema = z.object({
  turns: z.number().int(),
  rounds: z.number().int(),
  turns_by_agent: z.record(z.string(), z.number().int()),
  actions: z.record(z.string(), z.number().int()),
  done_agents: z.array(z.string()),
});
export type RunStats = z.infer<typeof runStatsSchema>;

/**
 * An engine task is self-contained (engines are activities): everything it needs is in it.
 * task_id = `${run_id}:${seq}` is also its Nats-Msg-Id.
 */
export const engineTaskSchema = z.object({
  task_id: z.string(),
  run_id: z.string().uuid(),
  seq: z.number().int().min(1),
  kind: taskKindSchema,
  engine_type: engineTypeSchema,
  agent: runAgentSchema,
  scenario: z.object({
    name: z.string(),
    description: z.string(),
    opening_situation: z.string(),
    turn_policy: z.string(),
    /** Present when the scenario restricts what actors may do. */
    actor_actions: z.array(actorActionSchema).min(1).optional(),
    /** Present when the run's LLM cache mode is not the default (read_write). */
    llm_cache: llmCacheModeSchema.optional(),
    /** Present when the run has an LLM budget. */
    budget: llmBudgetSchema.optional(),
  }),
  participants: z.array(participantSchema),
  transcript: z.array(transcriptEntrySchema),
  round: z.number().int().min(0),
  turn: z.number().int().min(0),
  max_turns: z.number().int().min(1),
  max_rounds: z.number().int().min(1),
  stats: runStatsSchema,
  seed: z.number().int(),
});
export type EngineTask = z.infer<typeof engineTaskSchema>;

export const taskIdOf = (runId: string, seq: number): string => `${runId}:${seq}`;
