import 'reflect-metadata';
import { createServiceContext, main, runService } from '@scrai/service-host';
import { orchestratorEnvSchema } from './config.js';
import { AppModule } from './app.module.js';

main(async () => {
  const ctx = await createServiceContext({
    service: 'orchestrator',
    schema: orchestratorEnvSchema,
    env: process.env,
    topology: (c) => ({ cmdAckWaitMs: c.SCRAI_CMD_ACK_WAIT_MS }),
  });
  await runService(ctx, AppModule.forContext(ctx));
});
