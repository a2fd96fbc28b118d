import 'reflect-metadata';
import { createServiceContext, main, runService } from '@scrai/service-host';
import { engineTopologyOf } from '@scrai/engine-worker';
import { appModuleFor } from './app.module.js';
import { engineNarratorEnvSchema } from './config.js';

main(async () => {
  const ctx = await createServiceContext({
    service: 'engine-narrator',
    schema: engineNarratorEnvSchema,
    env: process.env,
    topology: (config) => engineTopologyOf('narrator', config),
  });
  await runService(ctx, appModuleFor(ctx));
});
