import { fileURLToPath } from 'node:url';

/**
 * The repo's proto directory, found from this file (src/grpc or dist/grpc of services/gateway):
 * the .proto files are the source of truth and are read at runtime, never copied.
 */
export const PROTO_ROOT = fileURLToPath(new URL('../../../../proto', import.meta.url));
export const RUNS_PROTO = 'scrai/v1/runs.proto';
