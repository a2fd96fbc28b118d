import { z } from 'zod';

/**
 * How a run uses the llm-gateway's shared answer cache:
 * - `read_write` (default): a cached answer is reused, a miss calls the provider and stores the answer;
 * - `off`: the cache is neither read nor written;
 * - `replay`: answers come only from the cache; a miss is a permanent `cache_miss` error (the run fails).
 */
export const LLM_CACHE_MODES = ['off', 'read_write', 'replay'] as const;
export const llmCacheModeSchema = z.enum(LLM_CACHE_MODES);
export type LlmCacheMode = z.infer<typeof llmCacheModeSchema>;
export const DEFAULT_LLM_CACHE_MODE: LlmCacheMode = 'read_write';
