import type { z } from 'zod';
import { baseEnvSchema } from '@scrai/service-host';
import { engineEnvShape } from '@scrai/engine-worker';

/** engine-analyst: the base variables plus the engine worker's (concurrency, ack wait, max deliver, LLM timeout). */
export const engineAnalystEnvSchema = baseEnvSchema.extend(engineEnvShape);
export type EngineAnalystEnv = z.infer<typeof engineAnalystEnvSchema>;
