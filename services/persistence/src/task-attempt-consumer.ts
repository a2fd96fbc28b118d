import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { taskAttemptRecordSchema } from '@scrai/contracts';
import { isDataError } from '@scrai/db';
import { SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { startBatchConsumer, type BatchConsumer } from './batch-consumer.js';
import type { PersistenceConfig } from './config.js';
import { PERSISTENCE_STATE, type PersistenceState } from './persistence-state.js';

const LINGER_MS = 20;
const RETRY_DELAY_MS = 1000;
const FETCH_EXPIRES_MS = 1000;

/** `<ns>.attempt.<runId>`: the run id is the third token. */
const runIdOfAttemptSubject = (subject: string): string | undefined => subject.split('.')[2];

/** Writes the TASK_ATTEMPTS stream (engine tasks' processing attempts) to Postgres in batches, idempotently. */
@Injectable()
export class TaskAttemptConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private running: BatchConsumer | null = null;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<PersistenceConfig>,
    @Inject(PERSISTENCE_STATE) private readonly state: PersistenceState,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { names, js, log } = this.ctx;
    this.running = startBatchConsumer({
      name: 'task_attempts',
      js,
      names,
      consumer: await js.consumers.get(names.streams.taskAttempts, names.consumers.persistenceAttempts),
      schema: taskAttemptRecordSchema,
      apply: async (records) => {
        await this.state.repos.taskAttempts.insertMany(records);
      },
      isDataError,
      batchSize: this.ctx.config.SCRAI_PERSIST_BATCH,
      parallel: this.ctx.config.SCRAI_PERSIST_PARALLEL,
      lingerMs: LINGER_MS,
      retryDelayMs: RETRY_DELAY_MS,
      fetchExpiresMs: FETCH_EXPIRES_MS,
      workerId: this.ctx.instanceId,
      log,
      runIdOf: (subject, item) => {
        const runId = (item as { run_id?: unknown } | undefined)?.run_id;
        return typeof runId === 'string' ? runId : runIdOfAttemptSubject(subject);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.running?.stop();
    this.running = null;
  }
}
