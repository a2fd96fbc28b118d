import type { z } from 'zod';
import { baseEnvSchema } from '@scrai/service-host';
import { engineEnvShape } from '@scrai/engine-worker';

/** engine-narrator: the base variables plus the engine worker's (concurrency, ack wait, max deliver, LLM timeout). */
export const engineNarratorEnvSchema = baseEnvSchema.extend(engineEnvShape);
export type EngineNarratorEnv = z.infer<typeof engineNarratorEnvSchema>;
