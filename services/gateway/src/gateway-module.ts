import { Module, type Type } from '@nestjs/common';
import { HostModule, type ServiceContext } from '@scrai/service-host';
import type { GatewayConfig } from './config.js';
import { GrpcServer } from './grpc/grpc-server.js';
import { HealthController } from './health/health.controller.js';
import { natsQueryClient } from './persistence/query-client.js';
import { ActiveStreams } from './runs/active-streams.js';
import { jetStreamLiveRunEvents } from './runs/live-run-events.js';
import { jetStreamRunCommands } from './runs/run-commands.js';
import { RunsController } from './runs/runs.controller.js';
import { RunsService } from './runs/runs-service.js';
import { AgentsController, ScenariosController, SchemasController } from './templates/templates.controller.js';
import { TemplatesService } from './templates/templates-service.js';

/** The gateway's one Nest module: thin controllers over RunsService and TemplatesService, built from the context. */
export function gatewayModule(ctx: ServiceContext<GatewayConfig>): Type<unknown> {
  const queries = natsQueryClient({ nc: ctx.nc, names: ctx.names, timeoutMs: ctx.config.SCRAI_QUERY_TIMEOUT_MS });
  const runs = new RunsService({
    queries,
    commands: jetStreamRunCommands(ctx.js, ctx.names),
    live: jetStreamLiveRunEvents(ctx.js, ctx.names, ctx.log),
  });

  @Module({
    imports: [HostModule.forContext(ctx)],
    controllers: [RunsController, AgentsController, ScenariosController, SchemasController, HealthController],
    providers: [
      { provide: RunsService, useValue: runs },
      { provide: TemplatesService, useValue: new TemplatesService(queries) },
      ActiveStreams,
      GrpcServer,
    ],
  })
  class GatewayModule {}
  return GatewayModule;
}
