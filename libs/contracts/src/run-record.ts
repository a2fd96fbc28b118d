import { z } from 'zod';
import { runStatusSchema } from './run-status.js';

/** A run as the API shows it. */
export const runRecordSchema = z.object({
  id: z.string().uuid(),
  name: z.string().nullable(),
  scenario_name: z.string(),
  status: runStatusSchema,
  seed: z.number().int(),
  turn_count: z.number().int(),
  event_count: z.number().int(),
  end_reason: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const templateKindSchema = z.enum(['agent', 'scenario']);
export type TemplateKind = z.infer<typeof templateKindSchema>;

/** A stored template: its id, name, kind and validated body. */
export const templateRecordSchema = z.object({
  id: z.string().uuid(),
  kind: templateKindSchema,
  name: z.string(),
  body: z.record(z.string(), z.unknown()),
  source: z.enum(['shipped', 'user']),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TemplateRecord = z.infer<typeof templateRecordSchema>;
