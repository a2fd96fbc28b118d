import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { publishJson, serveRaw, type Subscription } from '@scrai/messaging';
import { Readiness, SERVICE_CONTEXT, type ServiceContext } from '@scrai/service-host';
import { CallRecorder } from './call-recorder.js';
import type { LlmGatewayConfig } from './config.js';
import { createGenerateHandler } from './generate-handler.js';
import { describeProviders, registryFromConfig } from './provider-setup.js';

const QUEUE_GROUP = 'llm-gateway';
const SHUTDOWN_GRACE_MS = 10_000;

/** Serves llm.generate (request/reply, queue group `llm-gateway`) and records every call on LLM_CALLS. */
@Injectable()
export class LlmGatewayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private sub?: Subscription;
  private recorder?: CallRecorder;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<LlmGatewayConfig>,
    private readonly readiness: Readiness,
  ) {}

  onApplicationBootstrap(): void {
    const { ctx } = this;
    const registry = registryFromConfig(ctx.config);
    const recorder = new CallRecorder({
      publish: (rec) => publishJson(ctx.js, ctx.names.subjects.llmCall(rec.run_id ?? 'none'), rec, { msgID: rec.id }),
      log: ctx.log,
    });
    this.recorder = recorder;
    const generate = createGenerateHandler({
      registry,
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
    const providers = describeProviders(registry, ctx.config);
    this.readiness.register('providers', () => ({ ok: registry.ids.length > 0, detail: providers }));
    ctx.log.info({ subject: ctx.names.subjects.llmGenerate(), providers, max_concurrency: ctx.config.SCRAI_LLM_MAX_CONCURRENCY }, 'llm-gateway serving');
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
