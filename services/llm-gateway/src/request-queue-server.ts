import type { LlmReply } from '@scrai/contracts';
import { ensureLlmRequestQueue, llmRequestQueueTopology, serveLlmRequestQueue, type LlmQueueServer, type LlmRequestCall, type LlmRequestQueueTopology } from '@scrai/llm-limits';
import type { ServiceContext } from '@scrai/service-host';
import type { LlmGatewayConfig } from './config.js';
import type { LlmSetup } from './llm-setup.js';

export interface ServingQueue {
  server: LlmQueueServer;
  topology: LlmRequestQueueTopology;
}

const failure = (code: 'bad_request' | 'internal', message: string, retryable: boolean): LlmReply => ({
  ok: false,
  error: { code, message, retryable, retry_after_ms: null },
});

/**
 * Boot step of the llm-gateway: creates (or updates) the request stream and one consumer per served
 * provider from this config (`max_ack_pending` = the provider's `max_concurrency`), then pulls
 * requests from all of them into `generate`, at most SCRAI_LLM_MAX_CONCURRENCY at once here. Engines
 * never need the config: they publish, and a provider id without a subject goes to the unrouted
 * consumer, where `generate` answers provider_not_configured.
 */
export async function serveRequestQueue(
  ctx: ServiceContext<LlmGatewayConfig>,
  setup: LlmSetup,
  providerIds: readonly string[],
  generate: (data: unknown, call: LlmRequestCall) => Promise<LlmReply>,
): Promise<ServingQueue> {
  const topology = llmRequestQueueTopology(ctx.names, { providers: providerIds, limits: setup.config.limits, ackWaitMs: ctx.config.SCRAI_LLM_QUEUE_ACK_WAIT_MS, replicas: ctx.config.SCRAI_STREAM_REPLICAS });
  await ensureLlmRequestQueue(ctx.jsm, topology);
  if (topology.unenforced.length) {
    ctx.log.warn(
      { limits: topology.unenforced },
      'model-level max_concurrency is not enforced (nats-server 2.9: one consumer per provider; only provider-wide caps hold across replicas)',
    );
  }
  const server = await serveLlmRequestQueue(
    {
      nc: ctx.nc,
      stream: topology.stream.name,
      consumers: topology.consumers.map((c) => c.config),
      ackWaitMs: topology.ackWaitMs,
      maxConcurrent: ctx.config.SCRAI_LLM_MAX_CONCURRENCY,
      log: ctx.log,
      replies: {
        undecodable: (message) => failure('bad_request', message, false),
        failed: (message) => failure('internal', message, false),
      },
    },
    generate,
  );
  return { server, topology };
}

/** The per-provider caps as logged at boot: provider id → max_ack_pending. */
export const capsOf = (t: LlmRequestQueueTopology): Record<string, number> =>
  Object.fromEntries(t.consumers.filter((c) => c.provider !== null).map((c) => [c.provider!, c.config.max_ack_pending]));
