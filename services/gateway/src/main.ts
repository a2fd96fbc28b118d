import 'reflect-metadata';
import { createServiceContext, main, runService } from '@scrai/service-host';
import { gatewayEnvSchema } from './config.js';
import { gatewayModule } from './gateway-module.js';
import { configureHttp } from './http/configure-http.js';

main(async () => {
  const ctx = await createServiceContext({ service: 'gateway', schema: gatewayEnvSchema, env: process.env });
  await runService(ctx, gatewayModule(ctx), {
    http: { port: ctx.config.PORT, host: ctx.config.HOST, configure: (app) => configureHttp(app, ctx) },
  });
});
