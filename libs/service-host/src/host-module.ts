import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Readiness } from './readiness.js';
import { SERVICE_CONTEXT, type ServiceContext } from './service-context.js';

/** Makes the service context and the readiness registry injectable everywhere in a service. */
@Global()
@Module({})
export class HostModule {
  static forContext(ctx: ServiceContext): DynamicModule {
    return {
      module: HostModule,
      providers: [{ provide: SERVICE_CONTEXT, useValue: ctx }, Readiness],
      exports: [SERVICE_CONTEXT, Readiness],
    };
  }
}
