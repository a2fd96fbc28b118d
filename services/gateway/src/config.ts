import { z } from 'zod';
import { envInt } from '@scrai/contracts';
import { baseEnvSchema } from '@scrai/service-host';

const BODY_LIMIT = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;

export const gatewayEnvSchema = baseEnvSchema.extend({
  /** HTTP port of the REST API, the SSE streams and the OpenAPI docs. */
  PORT: envInt(8080, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** gRPC port of scrai.v1.RunService; 0 turns the gRPC server off. */
  GRPC_PORT: envInt(50051, 0, 65535),
  /** Largest accepted JSON body (express/bytes syntax: "1mb", "512kb"); larger bodies get a 413. */
  SCRAI_BODY_LIMIT: z.string().regex(BODY_LIMIT, 'use a size such as "1mb" or "512kb"').default('1mb'),
  /** How long a query to the persistence service may take before the API answers 503. */
  SCRAI_QUERY_TIMEOUT_MS: envInt(5000, 100, 120_000),
});
export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
