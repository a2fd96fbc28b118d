import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { baseEnvShape, brokerNames, parseEnv, type BrokerNames, type ServiceName } from '@scrai/contracts';
import {
  connectBroker,
  ensureTopology,
  jetstream,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type TopologyOptions,
} from '@scrai/messaging';
import { createLogger, createMetricsRegistry, createTracing, otlpTracesUrlFromEnv, type Logger, type Registry, type Tracing } from '@scrai/observability';

export const baseEnvSchema = z.object(baseEnvShape);
export type BaseEnv = z.infer<typeof baseEnvSchema>;

/** What every service process has: its validated config, logger and broker handles. */
export interface ServiceContext<C extends BaseEnv = BaseEnv> {
  readonly service: ServiceName;
  readonly instanceId: string;
  readonly version: string;
  readonly config: C;
  readonly log: Logger;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly names: BrokerNames;
  /** This process's Prometheus registry (served on METRICS_PORT when set). */
  readonly metrics: Registry;
  /** This process's spans: exported over OTLP when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set, else off at no cost. */
  readonly tracing: Tracing;
}

export const SERVICE_CONTEXT = Symbol('SERVICE_CONTEXT');

export interface ContextOptions<S extends z.ZodType<BaseEnv>> {
  service: ServiceName;
  schema: S;
  env: Record<string, string | undefined>;
  version?: string;
  topology?: (config: z.infer<S>) => TopologyOptions;
}

/** Boot step 1: validate the environment (fail fast, naming the variable), connect, ensure the topology. */
export async function createServiceContext<S extends z.ZodType<BaseEnv>>(o: ContextOptions<S>): Promise<ServiceContext<z.infer<S>>> {
  const config = parseEnv(o.schema, o.env, o.service) as z.infer<S>;
  const instanceId = config.SCRAI_INSTANCE_ID ?? `${o.service}-${randomBytes(3).toString('hex')}`;
  const log = createLogger({ service: o.service, instanceId, level: config.LOG_LEVEL });
  const names = brokerNames(config.SCRAI_NAMESPACE);
  const nc = await connectBroker({ url: config.NATS_URL, name: instanceId, log });
  const jsm = await ensureTopology(nc, names, { replicas: config.SCRAI_STREAM_REPLICAS, ...o.topology?.(config) });
  const js = jetstream(nc);
  log.info({ namespace: names.namespace, nats: config.NATS_URL }, 'connected to broker');
  const metrics = createMetricsRegistry(o.service, instanceId);
  const version = o.version ?? '0.1.0';
  const otlpTracesUrl = otlpTracesUrlFromEnv(o.env);
  const tracing = createTracing({ service: o.service, instanceId, version, otlpTracesUrl });
  if (otlpTracesUrl) log.info({ otlp_traces_url: otlpTracesUrl }, 'exporting traces');
  return { service: o.service, instanceId, version, config, log, nc, js, jsm, names, metrics, tracing };
}
