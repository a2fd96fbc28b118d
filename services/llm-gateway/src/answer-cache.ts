import type { KV } from '@nats-io/kv';
import { llmResultSchema } from '@scrai/contracts';
import type { z } from 'zod';

/**
 * What the cache keeps of an answer: the result without what belongs to one call (latency, cache hit),
 * tool calls included. An entry stored before tools existed has no `tool_calls` and reads as [].
 */
export const cachedAnswerSchema = llmResultSchema.omit({ latency_ms: true, cached: true });
export type CachedAnswer = z.infer<typeof cachedAnswerSchema>;

/** The llm-gateway's answer cache, shared by every replica. */
export interface AnswerCache {
  /** The stored answer, or null when there is none (or what is stored no longer parses). Throws when the store cannot be read. */
  get(key: string): Promise<CachedAnswer | null>;
  put(key: string, answer: CachedAnswer): Promise<void>;
}

/**
 * The cache in the NATS KV bucket `<ns>-llm-cache` (key = cacheKeyOf, value = the answer as JSON). No
 * TTL: a replay must find its answers however old the run. Entries are written once per key and never
 * change meaning, so concurrent writers of one key are harmless (both wrote an answer to the same request).
 */
export function kvAnswerCache(kv: KV): AnswerCache {
  return {
    async get(key) {
      const entry = await kv.get(key);
      if (!entry || entry.operation !== 'PUT' || entry.length === 0) return null;
      const parsed = cachedAnswerSchema.safeParse(entry.json());
      return parsed.success ? parsed.data : null;
    },
    async put(key, answer) {
      await kv.put(key, JSON.stringify(answer));
    },
  };
}
