import { Module, type DynamicModule } from '@nestjs/common';
import { HostModule, type ServiceContext } from '@scrai/service-host';
import { OrchestratorService } from './orchestrator.service.js';
import { DeadLetterMoverService } from './dead-letter-mover.service.js';

@Module({})
export class AppModule {
  static forContext(ctx: ServiceContext): DynamicModule {
    return { module: AppModule, imports: [HostModule.forContext(ctx)], providers: [OrchestratorService, DeadLetterMoverService] };
  }
}
