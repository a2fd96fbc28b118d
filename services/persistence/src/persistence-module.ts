import { Module, type Type } from '@nestjs/common';
import { HostModule, type ServiceContext } from '@scrai/service-host';
import { DatabaseHealth } from './database-health.js';
import { EngineRegistry } from './engine-registry.js';
import { EventLogConsumers } from './event-log-consumers.js';
import { PERSISTENCE_STATE, type PersistenceState } from './persistence-state.js';
import { QueryServer } from './query-server.js';
import { TaskAttemptConsumer } from './task-attempt-consumer.js';

/** The service's one Nest module, bound to the booted context and database. */
export function persistenceModule(ctx: ServiceContext, state: PersistenceState): Type<unknown> {
  @Module({
    imports: [HostModule.forContext(ctx)],
    providers: [{ provide: PERSISTENCE_STATE, useValue: state }, DatabaseHealth, QueryServer, EventLogConsumers, TaskAttemptConsumer, EngineRegistry],
  })
  class PersistenceModule {}
  return PersistenceModule;
}
