import { z } from 'zod';

export const ENGINE_TYPES = ['actor', 'narrator', 'analyst'] as const;
export const engineTypeSchema = z.enum(ENGINE_TYPES);
export type EngineType = z.infer<typeof engineTypeSchema>;
