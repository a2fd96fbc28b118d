import 'reflect-metadata';
import { createServiceContext, main, runService } from '@scrai/service-host';
import { AppModule } from './app.module.js';
import { llmGatewayEnvSchema } from './config.js';

main(async () => {
  const ctx = await createServiceContext({ service: 'llm-gateway', schema: llmGatewayEnvSchema, env: process.env });
  await runService(ctx, AppModule.forContext(ctx));
});
