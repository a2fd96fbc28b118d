import 'reflect-metadata';
import { createServiceContext, main, runService } from '@scrai/service-host';
import { persistenceEnvSchema } from './config.js';
import { openDatabase } from './open-database.js';
import { persistenceModule } from './persistence-module.js';
import { loadShippedTemplates } from './shipped-templates.js';

main(async () => {
  const ctx = await createServiceContext({
    service: 'persistence',
    schema: persistenceEnvSchema,
    env: process.env,
    topology: (c) => ({ persistAckWaitMs: c.SCRAI_PERSIST_ACK_WAIT_MS }),
  });
  const shipped = await loadShippedTemplates(ctx.config.SCRAI_TEMPLATES_DIR);
  const state = await openDatabase(ctx.config, shipped, ctx.log);
  await runService(ctx, persistenceModule(ctx, state));
});
