import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { isDataError } from '@scrai/db';
import { counter, histogram } from '@scrai/observability';
import { SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { startBatchConsumer, type BatchConsumer } from './batch-consumer.js';
import type { PersistenceConfig } from './config.js';
import { PERSISTENCE_STATE, type PersistenceState } from './persistence-state.js';
import { isStorableEvent, runIdOfSubject, storableEventSchema, storableLlmCallSchema } from './storable-event.js';

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
    const batchSize = histogram(ctx.metrics, 'scrai_persist_batch_size', 'Records written to Postgres in one transaction, by stream.', ['stream'], [1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000]);
    const written = counter(ctx.metrics, 'scrai_persisted_total', 'Records newly written to Postgres (duplicates excluded), by stream.', ['stream']);
    const lag = histogram(ctx.metrics, 'scrai_persist_lag_seconds', 'Time from an event being decided to it being stored.', [], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
    const common = {
      js,
      names,
      isDataError,
      batchSize: ctx.config.SCRAI_PERSIST_BATCH,
      parallel: ctx.config.SCRAI_PERSIST_PARALLEL,
      lingerMs: LINGER_MS,
      retryDelayMs: RETRY_DELAY_MS,
      fetchExpiresMs: FETCH_EXPIRES_MS,
      workerId: ctx.instanceId,
      log,
      tracing: ctx.tracing,
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
        accepts: isStorableEvent,
        apply: async (events, bodyOf) => {
          const r = await state.repos.runs.applyEvents(events, bodyOf);
          batchSize.observe({ stream: 'events' }, events.length);
          written.inc({ stream: 'events' }, r.inserted);
          const now = Date.now();
          for (const e of events) lag.observe(Math.max(0, (now - Date.parse(e.at)) / 1000));
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
          batchSize.observe({ stream: 'llm_calls' }, calls.length);
          written.inc({ stream: 'llm_calls' }, await state.repos.llmCalls.insertMany(calls));
        },
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.running.map((c) => c.stop()));
    this.running = [];
  }
}
