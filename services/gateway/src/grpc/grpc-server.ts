import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { loadPackageDefinition, Server, ServerCredentials, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Readiness, SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import type { GatewayConfig } from '../config.js';
import { ActiveStreams } from '../runs/active-streams.js';
import { RunsService } from '../runs/runs-service.js';
import { PROTO_ROOT, RUNS_PROTO } from './proto-path.js';
import { runServiceHandlers } from './run-service-handlers.js';

/** How proto-loader maps messages: field names as in the .proto, enums as strings, unset fields absent. */
export const PROTO_LOADER_OPTIONS = { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true, includeDirs: [PROTO_ROOT] };

export function loadRunServiceDefinition(): ServiceClientConstructor {
  const pkg = loadPackageDefinition(loadSync(RUNS_PROTO, PROTO_LOADER_OPTIONS)) as unknown as { scrai: { v1: { RunService: ServiceClientConstructor } } };
  return pkg.scrai.v1.RunService;
}

/** Serves scrai.v1.RunService on GRPC_PORT (off when 0) for the life of the gateway. */
@Injectable()
export class GrpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server: Server | undefined;
  private boundPort = 0;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<GatewayConfig>,
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(ActiveStreams) private readonly streams: ActiveStreams,
    @Inject(Readiness) private readonly readiness: Readiness,
  ) {}

  /** The bound port (useful when GRPC_PORT asks for a fixed one behind a proxy; 0 when off). */
  get port(): number {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { GRPC_PORT, HOST, SCRAI_BODY_LIMIT } = this.ctx.config;
    if (GRPC_PORT === 0) return;
    const server = new Server();
    server.addService(loadRunServiceDefinition().service, runServiceHandlers({ runs: this.runs, streams: this.streams, log: this.ctx.log, bodyLimit: SCRAI_BODY_LIMIT }));
    const address = `${HOST.includes(':') ? `[${HOST}]` : HOST}:${GRPC_PORT}`;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
    this.server = server;
    this.readiness.register('grpc', () => ({ ok: this.server !== undefined, detail: `port ${this.boundPort}` }));
    this.ctx.log.info({ grpc_port: this.boundPort }, 'gRPC RunService listening');
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 5000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
