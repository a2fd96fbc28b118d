import 'reflect-metadata';
import { createServiceContext, main, runService } from '@scrai/service-host';
import { engineTopologyOf } from '@scrai/engine-worker';
import { appModuleFor } from './app.module.js';
import { engineAnalystEnvSchema } from './config.js';

main(async () => {
  const ctx = await createServiceContext({
    service: 'engine-analyst',
    schema: engineAnalystEnvSchema,
    env: process.env,
    topology: (config) => engineTopologyOf('analyst', config),
  });
  await runService(ctx, appModuleFor(ctx));
});
