import { NAMESPACE_PATTERN } from '@scrai/contracts';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** How the CLI brings the stack up, read once from the environment by main.ts. */
export interface StackSettings {
  /** Use this NATS server; undefined: find or start one locally. */
  natsUrl?: string;
  /** Use this Postgres; undefined: local server, database `scrai`. */
  databaseUrl?: string;
  namespace: string;
  /** Gateway HTTP port. */
  port: number;
  /** Gateway bind address; undefined keeps the gateway's default (all interfaces). */
  host?: string;
  /** 0 turns the gRPC server off. */
  grpcPort: number;
  logLevel: string;
  /** SCRAI_MOCK_LATENCY as set by the user, passed through. */
  mockLatency?: string;
  /** NO_COLOR is set. */
  noColor: boolean;
}

/** Validates the variables the CLI reads; throws one line naming the bad variable. */
export function readStackSettings(env: Record<string, string | undefined>): StackSettings {
  const namespace = nonEmpty(env.SCRAI_NAMESPACE) ?? 'scrai';
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(`SCRAI_NAMESPACE="${namespace}" is invalid: use 1-32 lower-case letters, digits or "-", starting with a letter`);
  }
  const logLevel = nonEmpty(env.LOG_LEVEL) ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`LOG_LEVEL="${logLevel}" is invalid: use one of ${LOG_LEVELS.join(', ')}`);
  }
  const natsUrl = nonEmpty(env.NATS_URL);
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  const host = nonEmpty(env.HOST);
  const mockLatency = nonEmpty(env.SCRAI_MOCK_LATENCY);
  return {
    ...(natsUrl ? { natsUrl } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    namespace,
    port: portVar('PORT', env.PORT, 8080, 1),
    ...(host ? { host } : {}),
    grpcPort: portVar('GRPC_PORT', env.GRPC_PORT, 50051, 0),
    logLevel,
    ...(mockLatency ? { mockLatency } : {}),
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
  };
}

/** Address a local client uses to reach the gateway (a wildcard bind address means loopback). */
export function gatewayClientUrl(s: Pick<StackSettings, 'host' | 'port'>): string {
  const host = !s.host || s.host === '0.0.0.0' || s.host === '::' ? '127.0.0.1' : s.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${s.port}`;
}

/** Address shown to the user. */
export function gatewayDisplayUrl(s: Pick<StackSettings, 'host' | 'port'>): string {
  const host = !s.host || s.host === '0.0.0.0' || s.host === '::' ? 'localhost' : s.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${s.port}`;
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function portVar(name: string, raw: string | undefined, def: number, min: number): number {
  const t = nonEmpty(raw);
  if (t === undefined) return def;
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < min || n > 65535) throw new Error(`${name}="${raw}" is invalid: use a port number from ${min} to 65535`);
  return n;
}
