import { z } from 'zod';

export const RUN_STATUSES = ['pending', 'running', 'paused', 'completed', 'failed', 'stopped', 'budget_exceeded'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'stopped', 'budget_exceeded'];
export const isTerminalStatus = (s: RunStatus): boolean => TERMINAL_STATUSES.includes(s);

/** Why a run ended. */
export const END_REASONS = [
  'max_turns',
  'narrator_concluded',
  'all_actors_done',
  'phrase',
  'timeout',
  'stopped',
  'error',
  /** The run's LLM budget (scenario `budget`) would have been crossed by its next call. */
  'budget_exceeded',
] as const;
export const endReasonSchema = z.enum(END_REASONS);
export type EndReason = z.infer<typeof endReasonSchema>;
