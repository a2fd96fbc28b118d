import { z } from 'zod';
import { engineInstanceStatusSchema } from './engine-registration.js';
import { engineTypeSchema } from './engine-type.js';

/**
 * Queries of the engine registry's Postgres record, answered by the persistence service (merged into
 * queryRequestSchemas in queries.ts).
 * - engines.list → Page<EngineInstanceRecord>, live instances first, then the most recently changed.
 * - engines.get → EngineInstanceRecord (404 for an unknown id).
 * - engines.counts → Record<EngineType, EngineStatusCounts>; gone and stopped count only instances
 *   whose status changed at or after `since` (all of them without it).
 */
export const engineQueryRequestSchemas = {
  'engines.list': z.object({
    engine_type: engineTypeSchema.optional(),
    status: engineInstanceStatusSchema.optional(),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
  }),
  'engines.get': z.object({ id: z.string().min(1).max(200) }),
  'engines.counts': z.object({ since: z.iso.datetime({ offset: true }).optional() }),
} as const;

export type EngineQueryName = keyof typeof engineQueryRequestSchemas;
