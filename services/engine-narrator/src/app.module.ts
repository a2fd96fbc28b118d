import { Module, type Type } from '@nestjs/common';
import { HostModule, type ServiceContext } from '@scrai/service-host';
import { EngineWorkerModule, engineWorkerOptionsOf } from '@scrai/engine-worker';
import type { EngineNarratorEnv } from './config.js';

/** The narrator engine: the host context and one engine worker pulling narrator tasks. */
export function appModuleFor(ctx: ServiceContext<EngineNarratorEnv>): Type<unknown> {
  @Module({ imports: [HostModule.forContext(ctx), EngineWorkerModule.register(engineWorkerOptionsOf('narrator', ctx.config))] })
  class AppModule {}
  return AppModule;
}
