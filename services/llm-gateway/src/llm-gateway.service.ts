import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { abortableSleep, createBreakerRegistry } from '@scrai/llm';
import { openLimitsBucket } from '@scrai/llm-limits';
import { publishJson, serveRaw, type Subscription } from '@scrai/messaging';
import { Readiness, SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { kvAnswerCache } from './answer-cache.js';
import { CallRecorder } from './call-recorder.js';
import type { LlmGatewayConfig } from './config.js';
import { createGenerateHandler } from './generate-handler.js';
import type { LlmSetup } from './llm-setup.js';
import { LLM_SETUP } from './llm-setup.token.js';
import { openCacheBucket } from './open-cache-bucket.js';
import { openSpendBucket } from './open-spend-bucket.js';
import { describeProviders, providerTableOf } from './provider-setup.js';
import { NO_RATE_LIMITS, hasRateLimits, kvRateLimits } from './rate-limits.js';
import { kvSpendStore } from './run-spend.js';

const QUEUE_GROUP = 'llm-gateway';
const SHUTDOWN_GRACE_MS = 10_000;

/** The KV bucket of the shared rate limits; named after the namespace so a namespace's cleanup removes it. */
export const limitsBucketName = (namespace: string): string => `${namespace}-llm-limits`;

/**
 * Serves llm.generate (request/reply, queue group `llm-gateway`) through the configured providers
 * (rate limits, retries, fallbacks), with the answer cache shared in KV `<ns>-llm-cache` and each
 * budgeted run's spend in KV `<ns>-llm-spend`, and records every call on LLM_CALLS.
 */
@Injectable()
export class LlmGatewayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private sub?: Subscription;
  private recorder?: CallRecorder;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<LlmGatewayConfig>,
    private readonly readiness: Readiness,
    @Inject(LLM_SETUP) private readonly setup: LlmSetup,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ctx, setup } = this;
    const { config } = setup;
    const providers = providerTableOf(setup, ctx.config.SCRAI_MOCK_LATENCY);
    const limits = hasRateLimits(config) ? kvRateLimits(await openLimitsBucket(ctx.nc, limitsBucketName(ctx.names.namespace)), config) : NO_RATE_LIMITS;
    const cache = kvAnswerCache(await openCacheBucket(ctx.nc, ctx.names.kv.llmCache));
    const spend = kvSpendStore(await openSpendBucket(ctx.nc, ctx.names.kv.llmSpend));
    const recorder = new CallRecorder({
      publish: (rec) => publishJson(ctx.js, ctx.names.subjects.llmCall(rec.run_id ?? 'none'), rec, { msgID: rec.id }),
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
      record: (rec) => recorder.record(rec),
      monotonicMs: () => performance.now(),
      now: () => new Date(),
      log: ctx.log,
    });
    this.sub = serveRaw(
      { nc: ctx.nc, subject: ctx.names.subjects.llmGenerate(), queue: QUEUE_GROUP, log: ctx.log, maxConcurrent: ctx.config.SCRAI_LLM_MAX_CONCURRENCY,
        undecodableReply: (message) => ({ ok: false, error: { code: 'bad_request', message, retryable: false, retry_after_ms: null } }),
      },
      (data) => this.track(generate(data, { signal: this.stopping.signal })),
    );
    const described = describeProviders(setup, ctx.config.SCRAI_MOCK_LATENCY);
    this.readiness.register('providers', () => ({ ok: providers.ids.length > 0, detail: described }));
    if (setup.unreachable.length) ctx.log.warn({ providers: setup.unreachable }, 'configured providers no request can name yet (agents pick mock|openai|anthropic|ollama|openai_compatible)');
    const concurrencyCaps = Object.entries(config.limits).filter(([, l]) => l.max_concurrency !== undefined).map(([k]) => k);
    if (concurrencyCaps.length) ctx.log.warn({ limits: concurrencyCaps }, 'max_concurrency is not enforced across replicas yet; SCRAI_LLM_MAX_CONCURRENCY caps each instance');
    ctx.log.info(
      { subject: ctx.names.subjects.llmGenerate(), providers: described, llm_cache: ctx.names.kv.llmCache, llm_config: setup.source, rate_limited: hasRateLimits(config), max_concurrency: ctx.config.SCRAI_LLM_MAX_CONCURRENCY },
      'llm-gateway serving',
    );
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Stops taking requests, lets calls in flight finish (aborting them after a grace period), then flushes records. */
  async onApplicationShutdown(): Promise<void> {
    this.sub?.unsubscribe();
    const grace = setTimeout(() => this.stopping.abort(new Error('llm-gateway shutting down')), SHUTDOWN_GRACE_MS);
    try {
      await Promise.allSettled([...this.inFlight]);
    } finally {
      clearTimeout(grace);
    }
    await this.recorder?.flush();
  }
}
