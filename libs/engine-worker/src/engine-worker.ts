import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Readiness, SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { ENGINE_WORKER_OPTIONS, type EngineWorkerOptions } from './engine-worker-options.js';
import { startEngineWorker, type RunningEngineWorker } from './start-engine-worker.js';

/** Runs the engine's work loop for the life of the service; ready once its consumer answers. */
@Injectable()
export class EngineWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: RunningEngineWorker | undefined;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(ENGINE_WORKER_OPTIONS) private readonly options: EngineWorkerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.register('consumer', async () => {
      if (!this.running) return { ok: false, detail: 'starting' };
      await this.running.consumer.info();
      return { ok: true };
    });
    this.running = await startEngineWorker(this.ctx, this.options);
    this.ctx.log.info({ engine_type: this.options.engineType, concurrency: this.options.concurrency }, 'engine worker started');
  }

  async onApplicationShutdown(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.stop();
  }
}
