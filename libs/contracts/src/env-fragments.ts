import { z } from 'zod';
import { NAMESPACE_PATTERN } from './broker-names.js';

const intFromEnv = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** Variables every service reads; each service extends this with its own. */
export const baseEnvShape = {
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  SCRAI_NAMESPACE: z.string().regex(NAMESPACE_PATTERN, 'use 1-32 lower-case letters, digits or "-"').default('scrai'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  SCRAI_INSTANCE_ID: z.string().min(1).max(100).optional(),
  /**
   * Replicas of every stream and KV bucket the service creates (1 on a single server; 3 on a
   * three-node JetStream cluster, as the prod overlay sets). Raising it on existing streams scales them up.
   */
  SCRAI_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Operations port: Prometheus `/metrics`, `/livez` and `/readyz` (0: off). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
};

export const envInt = intFromEnv;

export const envBool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
