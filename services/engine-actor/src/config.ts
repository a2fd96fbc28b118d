import type { z } from 'zod';
import { baseEnvSchema } from '@scrai/service-host';
import { engineEnvShape } from '@scrai/engine-worker';

/** engine-actor: the base variables plus the engine worker's (concurrency, ack wait, max deliver, LLM timeout). */
export const engineActorEnvSchema = baseEnvSchema.extend(engineEnvShape);
export type EngineActorEnv = z.infer<typeof engineActorEnvSchema>;
