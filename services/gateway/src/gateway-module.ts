import { Module, type Type } from '@nestjs/common';
import { HostModule, type ServiceContext } from '@scrai/service-host';
import type { GatewayConfig } from './config.js';
import { BacklogTrend } from './engines/backlog-trend.js';
import { EngineInstancesController, EngineQueueController } from './engines/engines.controller.js';
import { EnginesService } from './engines/engines-service.js';
import { QueueSampler } from './engines/queue-sampler.js';
import { jetStreamQueueStats } from './engines/queue-stats.js';
import { GrpcServer } from './grpc/grpc-server.js';
import { HealthController } from './health/health.controller.js';
import { DeadLettersController } from './dead-letters/dead-letters.controller.js';
import { DeadLettersService } from './dead-letters/dead-letters-service.js';
import { jetStreamDeadLetters } from './dead-letters/dead-letter-store.js';
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
    commands: jetStreamRunCommands(ctx.js, ctx.names, ctx.tracing),
    live: jetStreamLiveRunEvents(ctx.js, ctx.names, ctx.log, ctx.nc),
    // the spec travels whole in the create request and the start command: leave room for their envelopes
    maxSpecBytes: (ctx.nc.info?.max_payload ?? 1024 * 1024) - 8 * 1024,
  });

  const engines = new EnginesService({ queries, queueStats: jetStreamQueueStats(ctx.jsm, ctx.names), trend: new BacklogTrend() });

  @Module({
    imports: [HostModule.forContext(ctx)],
    controllers: [RunsController, AgentsController, ScenariosController, SchemasController, HealthController, EngineInstancesController, EngineQueueController, DeadLettersController],
    providers: [
      { provide: RunsService, useValue: runs },
      { provide: TemplatesService, useValue: new TemplatesService(queries) },
      { provide: DeadLettersService, useValue: new DeadLettersService({ store: jetStreamDeadLetters(ctx.jsm, ctx.js, ctx.names), queries, names: ctx.names }) },
      ActiveStreams,
      GrpcServer,
      { provide: EnginesService, useValue: engines },
      QueueSampler,
    ],
  })
  class GatewayModule {}
  return GatewayModule;
}
