import { z } from 'zod';
import { apiErrorSchema } from './api-error.js';
import { runSpecSchema } from './run-spec.js';
import { runStatusSchema } from './run-status.js';
import { templateKindSchema } from './run-record.js';
import { engineQueryRequestSchemas } from './engine-queries.js';
import { getEventRequestSchema } from './task-attempt.js';
import { runUsageRequestSchema } from './run-usage.js';

/**
 * Request/reply queries answered by the persistence service (the only reader and writer of Postgres).
 * Subject: brokerNames(ns).subjects.query(name). Reply: `{ok: true, data}` or `{ok: false, status, error}`.
 */
export const queryRequestSchemas = {
  'runs.create': z.object({ spec: runSpecSchema, scenario_id: z.string().uuid().nullable() }),
  'runs.get': z.object({ run_id: z.string().uuid() }),
  /** The run's resolved spec as stored at creation (404 for an unknown run; a RunSpec, or what a row made from events holds). */
  'runs.spec': z.object({ run_id: z.string().uuid() }),
  'runs.list': z.object({
    status: runStatusSchema.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  }),
  'events.list': z.object({
    run_id: z.string().uuid(),
    after_seq: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  'events.get': getEventRequestSchema,
  'usage.get': runUsageRequestSchema,
  'templates.list': z.object({ kind: templateKindSchema }),
  'templates.get': z.object({ kind: templateKindSchema, ref: z.string().min(1) }),
  'templates.create': z.object({ kind: templateKindSchema, body: z.record(z.string(), z.unknown()) }),
  'templates.update': z.object({ kind: templateKindSchema, ref: z.string().min(1), body: z.record(z.string(), z.unknown()) }),
  'templates.delete': z.object({ kind: templateKindSchema, ref: z.string().min(1) }),
  ...engineQueryRequestSchemas,
} as const;

export type QueryName = keyof typeof queryRequestSchemas;
export type QueryRequest<N extends QueryName> = z.input<(typeof queryRequestSchemas)[N]>;

export const QUERY_NAMES = Object.keys(queryRequestSchemas) as QueryName[];

export const queryReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), status: z.number().int(), error: apiErrorSchema }),
]);
export type QueryReply = z.infer<typeof queryReplySchema>;

export interface Page<T> {
  items: T[];
  total: number;
}

export interface EventPage<T> {
  items: T[];
  next_after_seq: number | null;
}
