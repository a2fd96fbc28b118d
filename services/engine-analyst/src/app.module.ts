import { Module, type Type } from '@nestjs/common';
import { HostModule, type ServiceContext } from '@scrai/service-host';
import { EngineWorkerModule, engineWorkerOptionsOf } from '@scrai/engine-worker';
import type { EngineAnalystEnv } from './config.js';

/** The analyst engine: the host context and one engine worker pulling analyst tasks. */
export function appModuleFor(ctx: ServiceContext<EngineAnalystEnv>): Type<unknown> {
  @Module({ imports: [HostModule.forContext(ctx), EngineWorkerModule.register(engineWorkerOptionsOf('analyst', ctx.config))] })
  class AppModule {}
  return AppModule;
}
