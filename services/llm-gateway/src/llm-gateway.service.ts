import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { abortableSleep, createBreakerRegistry } from '@scrai/llm';
import { openLimitsBucket } from '@scrai/llm-limits';
import { publishJson } from '@scrai/messaging';
import { Readiness, SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { kvAnswerCache } from './answer-cache.js';
import { CallRecorder } from './call-recorder.js';
import { createLlmCallMetrics, rateLimitWaitHistogram } from './llm-call-metrics.js';
import type { LlmGatewayConfig } from './config.js';
import { natsDeltaPublisher } from './delta-publisher.js';
import { createGenerateHandler } from './generate-handler.js';
import type { LlmSetup } from './llm-setup.js';
import { LLM_SETUP } from './llm-setup.token.js';
import { openCacheBucket } from './open-cache-bucket.js';
import { openSpendBucket } from './open-spend-bucket.js';
import { describeProviders, providerTableOf } from './provider-setup.js';
import { NO_RATE_LIMITS, hasRateLimits, kvRateLimits } from './rate-limits.js';
import { capsOf, serveRequestQueue, type ServingQueue } from './request-queue-server.js';
import { kvSpendStore } from './run-spend.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** The KV bucket of the shared rate limits; named after the namespace so a namespace's cleanup removes it. */
export const limitsBucketName = (namespace: string): string => `${namespace}-llm-limits`;

/**
 * Serves the LLM request queue (`<NS>_LLM_REQ`; each provider's calls in flight capped across all
 * replicas by the broker, request-queue-server.ts) through the configured providers (rate limits,
 * retries, fallbacks), with the answer cache shared in KV `<ns>-llm-cache` and each budgeted run's
 * spend in KV `<ns>-llm-spend`, and records every call on LLM_CALLS.
 */
@Injectable()
export class LlmGatewayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue?: ServingQueue;
  private recorder?: CallRecorder;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<LlmGatewayConfig>,
    private readonly readiness: Readiness,
    @Inject(LLM_SETUP) private readonly setup: LlmSetup,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ctx, setup } = this;
    const { config } = setup;
    const providers = providerTableOf(setup, ctx.config.SCRAI_MOCK_LATENCY);
    const rateLimitWait = rateLimitWaitHistogram(ctx.metrics);
    const limits = hasRateLimits(config)
      ? kvRateLimits(await openLimitsBucket(ctx.nc, limitsBucketName(ctx.names.namespace), ctx.config.SCRAI_STREAM_REPLICAS), config, (provider, model, seconds) => rateLimitWait.observe({ provider, model }, seconds))
      : NO_RATE_LIMITS;
    const callMetrics = createLlmCallMetrics(ctx.metrics);
    const cache = kvAnswerCache(await openCacheBucket(ctx.nc, ctx.names.kv.llmCache, ctx.config.SCRAI_STREAM_REPLICAS));
    const spend = kvSpendStore(await openSpendBucket(ctx.nc, ctx.names.kv.llmSpend, ctx.config.SCRAI_STREAM_REPLICAS));
    const recorder = new CallRecorder({
      publish: (rec, traceparent) => publishJson(ctx.js, ctx.names.subjects.llmCall(rec.run_id ?? 'none'), rec, { msgID: rec.id, traceparent }),
      log: ctx.log,
    });
    this.recorder = recorder;
    const generate = createGenerateHandler({
      chain: {
        providers,
        config,
        breakerOf: createBreakerRegistry({ failureThreshold: config.circuit_breaker.failure_threshold, resetAfterMs: config.circuit_breaker.reset_after_ms, now: Date.now }),
        limits,
        sleep: abortableSleep,
        random: Math.random,
        now: Date.now,
        log: ctx.log,
      },
      cache,
      spend,
      publishDelta: natsDeltaPublisher(ctx.nc, ctx.names, ctx.log),
      record: (rec, traceparent) => {
        callMetrics.observe(rec);
        recorder.record(rec, traceparent);
      },
      monotonicMs: () => performance.now(),
      now: () => new Date(),
      log: ctx.log,
    });
    this.queue = await serveRequestQueue(ctx, setup, providers.ids, (data, call) =>
      ctx.tracing.inSpan('llm.generate', { parent: call.traceparent, kind: 'server', attributes: { 'messaging.delivery': call.deliveryCount } }, (span) =>
        generate(data, { signal: call.signal, span }),
      ),
    );
    const described = describeProviders(setup, ctx.config.SCRAI_MOCK_LATENCY);
    this.readiness.register('providers', () => ({ ok: providers.ids.length > 0, detail: described }));
    ctx.log.info(
      {
        stream: this.queue.topology.stream.name,
        providers: described,
        max_concurrency_per_provider: capsOf(this.queue.topology),
        llm_cache: ctx.names.kv.llmCache,
        llm_config: setup.source,
        rate_limited: hasRateLimits(config),
        max_concurrency: ctx.config.SCRAI_LLM_MAX_CONCURRENCY,
        ack_wait_ms: this.queue.topology.ackWaitMs,
      },
      'llm-gateway serving',
    );
  }

  /**
   * Stops pulling requests (those delivered but not started go back to the other replicas), lets
   * calls in flight finish and answers them (aborting them after a grace period), then flushes records.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.queue?.server.stop(SHUTDOWN_GRACE_MS);
    await this.recorder?.flush();
  }
}
