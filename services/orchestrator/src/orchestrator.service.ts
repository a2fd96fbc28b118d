import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { inputMsgId, orchestratorInputSchema, type OrchestratorInput } from '@scrai/contracts';
import { DEFAULT_REDELIVERY, openBuckets, pullExpiresFor, publishJson, startWorkLoop, type WorkLoop } from '@scrai/messaging';
import { Readiness, SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import type { OrchestratorConfig } from './config.js';
import { RunStore } from './run-store.js';
import { KeyedBatcher } from './keyed-batcher.js';
import { createInputProcessor, type InputOutcome, type RunInput } from './input-processor.js';
import { recordLimitOf } from './record-size-limit.js';
import { DeadlineTimers } from './deadline-timers.js';
import { createRunMetrics } from './run-metrics.js';
import { registerQueueDepthMetrics } from './queue-depth-metrics.js';

/** The broker's default max_payload (1 MiB), for a connection that has not had the server's INFO yet. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** Consumes the CMD stream (commands and engine results) and drives each run through decide(). */
@Injectable()
export class OrchestratorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private loop?: WorkLoop;
  private timers?: DeadlineTimers;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<OrchestratorConfig>,
    private readonly readiness: Readiness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ctx } = this;
    const { runs } = await openBuckets(ctx.nc, ctx.names, { engineTtlMs: ctx.config.SCRAI_ENGINE_TTL_MS, replicas: ctx.config.SCRAI_STREAM_REPLICAS });
    const store = new RunStore(runs, {
      specCacheSize: ctx.config.SCRAI_SPEC_CACHE_SIZE,
      maxRecordBytes: () => recordLimitOf(ctx.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD, ctx.config.SCRAI_RUN_RECORD_MAX_BYTES),
    });
    const timers = new DeadlineTimers(Date.now, (runId, deadlineAt) => void this.publishTimeout(runId, deadlineAt));
    this.timers = timers;
    const metrics = createRunMetrics(ctx.metrics);
    registerQueueDepthMetrics(ctx.metrics, ctx.jsm, ctx.names, ctx.log);
    const process = createInputProcessor({
      store,
      js: ctx.js,
      names: ctx.names,
      log: ctx.log,
      now: Date.now,
      onState: (s) => {
        timers.track(s);
        metrics.activeRuns(timers.size);
      },
      onDecision: (commands, before, after) => metrics.decided(commands, before, after),
    });
    const batcher = new KeyedBatcher<RunInput, InputOutcome>(ctx.config.SCRAI_ORCHESTRATOR_BATCH_MAX, (runId, batch) => {
      metrics.batched(batch.length);
      return process(runId, batch);
    });
    const consumer = await ctx.js.consumers.get(ctx.names.streams.cmd, ctx.names.consumers.orchestrator);
    this.loop = startWorkLoop<OrchestratorInput>({
      js: ctx.js,
      names: ctx.names,
      consumer,
      metrics: ctx.metrics,
      schema: orchestratorInputSchema,
      concurrency: ctx.config.SCRAI_ORCHESTRATOR_CONCURRENCY,
      policy: { ...DEFAULT_REDELIVERY, maxDeliver: 20, initialDelayMs: 200, maxDelayMs: 10_000 },
      workingEveryMs: Math.max(100, Math.floor(ctx.config.SCRAI_CMD_ACK_WAIT_MS / 3)),
      pullExpiresMs: pullExpiresFor(ctx.config.SCRAI_CMD_ACK_WAIT_MS),
      workerId: ctx.instanceId,
      log: ctx.log,
      runIdOf: (subject) => subject.split('.')[2],
      tracing: ctx.tracing,
      spanOf: (input) => ({ name: `orchestrator ${input.kind}` }),
      handle: async (input, wctx) => {
        const outcome = await batcher.submit(input.run_id, { input, traceparent: wctx.traceparent });
        if (!outcome.ok) throw outcome.error;
      },
    });
    this.readiness.register('cmd-consumer', async () => {
      await ctx.jsm.consumers.info(ctx.names.streams.cmd, ctx.names.consumers.orchestrator);
      return { ok: true };
    });
    let rearmed = 0;
    for await (const state of store.runningStates()) {
      timers.track(state);
      rearmed++;
    }
    ctx.log.info({ concurrency: ctx.config.SCRAI_ORCHESTRATOR_CONCURRENCY, batchMax: ctx.config.SCRAI_ORCHESTRATOR_BATCH_MAX, recordLimit: store.recordLimit, rearmed }, 'orchestrator consuming');
  }

  private async publishTimeout(runId: string, deadlineAt: number): Promise<void> {
    const input: OrchestratorInput = { kind: 'timeout', run_id: runId, deadline_at: deadlineAt };
    try {
      await publishJson(this.ctx.js, this.ctx.names.subjects.cmd(runId, 'timeout'), input, { msgID: inputMsgId(input) });
    } catch (e) {
      this.ctx.log.error({ run_id: runId, err: String(e) }, 'could not publish timeout');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.timers?.clearAll();
    await this.loop?.stop();
  }
}
