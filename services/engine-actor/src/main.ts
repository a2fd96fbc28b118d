import 'reflect-metadata';
import { createServiceContext, main, runService } from '@scrai/service-host';
import { engineTopologyOf } from '@scrai/engine-worker';
import { appModuleFor } from './app.module.js';
import { engineActorEnvSchema } from './config.js';

main(async () => {
  const ctx = await createServiceContext({
    service: 'engine-actor',
    schema: engineActorEnvSchema,
    env: process.env,
    topology: (config) => engineTopologyOf('actor', config),
  });
  await runService(ctx, appModuleFor(ctx));
});
