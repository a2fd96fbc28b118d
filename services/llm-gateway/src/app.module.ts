import { Module, type DynamicModule } from '@nestjs/common';
import { HostModule, type ServiceContext } from '@scrai/service-host';
import { LlmGatewayService } from './llm-gateway.service.js';
import type { LlmSetup } from './llm-setup.js';
import { LLM_SETUP } from './llm-setup.token.js';

@Module({})
export class AppModule {
  static forContext(ctx: ServiceContext, setup: LlmSetup): DynamicModule {
    return { module: AppModule, imports: [HostModule.forContext(ctx)], providers: [{ provide: LLM_SETUP, useValue: setup }, LlmGatewayService] };
  }
}
