import { z } from 'zod';

export const RUN_STATUSES = ['pending', 'running', 'paused', 'completed', 'failed', 'stopped'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'stopped'];
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
] as const;
export const endReasonSchema = z.enum(END_REASONS);
export type EndReason = z.infer<typeof endReasonSchema>;
