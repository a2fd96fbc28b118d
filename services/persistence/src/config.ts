import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { envBool, envInt } from '@scrai/contracts';
import { baseEnvSchema } from '@scrai/service-host';

/** The repo's shipped templates, found from this file's place in services/persistence/dist/. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates', import.meta.url));

export const persistenceEnvSchema = baseEnvSchema.extend({
  DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/scrai'),
  /** Apply pending migrations at boot (under an advisory lock, so replicas may race). */
  SCRAI_DB_MIGRATE: envBool(true),
  /** Directory with agents/ and scenarios/ template files (JSON or YAML) seeded at boot. */
  SCRAI_TEMPLATES_DIR: z.string().min(1).default(DEFAULT_TEMPLATES_DIR),
  /** Most messages written to Postgres in one transaction. */
  SCRAI_PERSIST_BATCH: envInt(500, 1, 10_000),
});
export type PersistenceConfig = z.infer<typeof persistenceEnvSchema>;
