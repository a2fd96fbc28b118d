import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { engineTtlEnvShape, envBool, envInt } from '@scrai/contracts';
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
  /**
   * Batches of one stream written at the same time, each in its own transaction on its own
   * connection (a run's messages always share one of them, so they are written in order).
   */
  SCRAI_PERSIST_PARALLEL: envInt(4, 1, 32),
  /** TTL of the engine registry bucket if this service creates it; also when an engine of unknown heartbeat is gone. */
  ...engineTtlEnvShape,
  /** Visibility timeout of a batch being written: a replica that dies hands it to another after this. */
  SCRAI_PERSIST_ACK_WAIT_MS: envInt(30_000, 1_000, 600_000),
});
export type PersistenceConfig = z.infer<typeof persistenceEnvSchema>;
