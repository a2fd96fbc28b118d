import { Module, type DynamicModule } from '@nestjs/common';
import { ENGINE_WORKER_OPTIONS, type EngineWorkerOptions } from './engine-worker-options.js';
import { EngineWorker } from './engine-worker.js';

/** Import next to HostModule.forContext(ctx): runs one EngineWorker with these options. */
@Module({})
export class EngineWorkerModule {
  static register(options: EngineWorkerOptions): DynamicModule {
    return {
      module: EngineWorkerModule,
      providers: [{ provide: ENGINE_WORKER_OPTIONS, useValue: options }, EngineWorker],
    };
  }
}
