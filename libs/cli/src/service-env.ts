import type { StackSettings } from './stack-settings.js';

export interface ServiceEnvInput {
  settings: StackSettings;
  natsUrl: string;
  databaseUrl: string;
  /** Mock LLM latency for this session; undefined leaves SCRAI_MOCK_LATENCY unset. */
  mockLatency?: string;
}

/** The environment every service process gets from the CLI (on top of the caller's environment). */
export function serviceEnv(i: ServiceEnvInput): Record<string, string> {
  const s = i.settings;
  return {
    NATS_URL: i.natsUrl,
    DATABASE_URL: i.databaseUrl,
    SCRAI_NAMESPACE: s.namespace,
    PORT: String(s.port),
    ...(s.host ? { HOST: s.host } : {}),
    GRPC_PORT: String(s.grpcPort),
    LOG_LEVEL: s.logLevel,
    ...(i.mockLatency ? { SCRAI_MOCK_LATENCY: i.mockLatency } : {}),
  };
}
