import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { openBuckets } from '@scrai/messaging';
import { Readiness, SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import type { PersistenceConfig } from './config.js';
import { startEngineRegistryWatcher, type EngineRegistryWatcher } from './engine-registry-watcher.js';
import { PERSISTENCE_STATE, type PersistenceState } from './persistence-state.js';

/** Runs the engine registry watcher for the life of the service; ready while its KV watch runs. */
@Injectable()
export class EngineRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  private watcher: EngineRegistryWatcher | undefined;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<PersistenceConfig>,
    @Inject(PERSISTENCE_STATE) private readonly state: PersistenceState,
    @Inject(Readiness) private readonly readiness: Readiness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ctx } = this;
    const ttlMs = ctx.config.SCRAI_ENGINE_TTL_MS;
    const { engines } = await openBuckets(ctx.nc, ctx.names, { engineTtlMs: ttlMs, replicas: ctx.config.SCRAI_STREAM_REPLICAS });
    this.watcher = await startEngineRegistryWatcher({ kv: engines, repo: this.state.repos.engines, log: ctx.log, defaultGoneAfterMs: ttlMs });
    this.readiness.register('engine_registry', () => ({ ok: this.watcher?.watching ?? false }));
  }

  async onModuleDestroy(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    await w?.stop();
  }
}
