import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { isDataError } from '@scrai/db';
import { SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { startBatchConsumer, type BatchConsumer } from './batch-consumer.js';
import type { PersistenceConfig } from './config.js';
import { PERSISTENCE_STATE, type PersistenceState } from './persistence-state.js';
import { runIdOfSubject, storableEventSchema, storableLlmCallSchema } from './storable-event.js';

const LINGER_MS = 20;
const RETRY_DELAY_MS = 1000;
const FETCH_EXPIRES_MS = 1000;

/** Writes the EVENTS and LLM_CALLS streams to Postgres through their durable consumers. */
@Injectable()
export class EventLogConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private running: BatchConsumer[] = [];

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<PersistenceConfig>,
    @Inject(PERSISTENCE_STATE) private readonly state: PersistenceState,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ctx, state } = this;
    const { names, js, log } = ctx;
    const common = {
      js,
      names,
      isDataError,
      batchSize: ctx.config.SCRAI_PERSIST_BATCH,
      lingerMs: LINGER_MS,
      retryDelayMs: RETRY_DELAY_MS,
      fetchExpiresMs: FETCH_EXPIRES_MS,
      workerId: ctx.instanceId,
      log,
      runIdOf: (subject: string, item: unknown) =>
        (item as { run_id?: unknown } | undefined)?.run_id && typeof (item as { run_id: unknown }).run_id === 'string'
          ? (item as { run_id: string }).run_id
          : runIdOfSubject(subject),
    };
    this.running.push(
      startBatchConsumer({
        ...common,
        name: 'events',
        consumer: await js.consumers.get(names.streams.events, names.consumers.persistenceEvents),
        schema: storableEventSchema,
        apply: async (events) => {
          const r = await state.repos.runs.applyEvents(events);
          if (r.runs_created.length) log.info({ runs: r.runs_created }, 'run rows made from their events (runs.create not seen first)');
          log.debug({ inserted: r.inserted, duplicates: r.duplicates }, 'events stored');
        },
      }),
      startBatchConsumer({
        ...common,
        name: 'llm_calls',
        consumer: await js.consumers.get(names.streams.llmCalls, names.consumers.persistenceLlmCalls),
        schema: storableLlmCallSchema,
        apply: async (calls) => {
          await state.repos.llmCalls.insertMany(calls);
        },
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.running.map((c) => c.stop()));
    this.running = [];
  }
}
