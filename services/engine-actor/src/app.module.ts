import { Module, type Type } from '@nestjs/common';
import { HostModule, type ServiceContext } from '@scrai/service-host';
import { EngineWorkerModule, engineWorkerOptionsOf } from '@scrai/engine-worker';
import type { EngineActorEnv } from './config.js';

/** The actor engine: the host context and one engine worker pulling actor tasks. */
export function appModuleFor(ctx: ServiceContext<EngineActorEnv>): Type<unknown> {
  @Module({ imports: [HostModule.forContext(ctx), EngineWorkerModule.register(engineWorkerOptionsOf('actor', ctx.config))] })
  class AppModule {}
  return AppModule;
}
