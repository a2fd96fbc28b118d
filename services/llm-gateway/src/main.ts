import 'reflect-metadata';
import { createServiceContext, main, runService } from '@scrai/service-host';
import { AppModule } from './app.module.js';
import { llmGatewayEnvSchema } from './config.js';
import { loadLlmSetup } from './llm-setup.js';

main(async () => {
  const ctx = await createServiceContext({ service: 'llm-gateway', schema: llmGatewayEnvSchema, env: process.env });
  // The API keys are read here, from the variables the config file names, and nowhere else.
  const setup = loadLlmSetup(ctx.config.SCRAI_LLM_CONFIG, process.env);
  await runService(ctx, AppModule.forContext(ctx, setup));
});
