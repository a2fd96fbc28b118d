import { nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { ensureConsumer, ensureStream } from '@scrai/messaging';
import type { LlmConfig } from '@scrai/contracts';

/** The broker's default max_ack_pending: a provider without max_concurrency is effectively unbounded. */
export const UNBOUNDED_CONCURRENCY = 1000;

export interface LlmRequestQueueOptions {
  /** Stream name, e.g. `<NAMESPACE>_LLM_REQ`. */
  stream: string;
  /** Subject prefix, e.g. `<namespace>.llm.req`: requests go to `<prefix>.<provider>.<model>`. */
  subjectPrefix: string;
  /** Durable name prefix: one consumer `<prefix>-<provider>` per provider. */
  durablePrefix: string;
  /** Visibility timeout; the gateway calls `working()` more often than this during a provider call. Default 30 s. */
  ackWaitMs?: number;
  /** Deliveries before the broker gives up on a request (a gateway that crashed on each). Default 5. */
  maxDeliver?: number;
}

export interface LlmRequestQueueTopology {
  stream: Partial<StreamConfig> & { name: string };
  consumers: Array<{ provider: string; config: Partial<ConsumerConfig> & { durable_name: string } }>;
  /** The subject a request for this model is published to. */
  subjectOf(provider: string, model: string): string;
  /** Model keys whose own max_concurrency the queue does not enforce (only provider-wide caps are). */
  unenforced: string[];
}

/** Subject tokens cannot hold `.`, `*`, `>` or whitespace. */
const token = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/**
 * Concurrency capped by the broker, across every gateway replica: requests wait in a WorkQueue
 * stream, and each provider has one durable pull consumer shared by all replicas whose
 * `max_ack_pending` is the provider's `max_concurrency`. The server never has more unacknowledged
 * requests of a provider out than that, whichever replicas hold them; a replica that dies holding
 * one gives it back after `ack_wait`, so nothing leaks (which a KV semaphore cannot promise).
 *
 * Only provider-wide caps: on nats-server 2.9 a consumer has one filter subject and WorkQueue
 * filters may not overlap, so a model-level cap beside its provider's cannot be expressed this way
 * (listed in `unenforced`; TODO).
 */
export function llmRequestQueueTopology(config: LlmConfig, o: LlmRequestQueueOptions): LlmRequestQueueTopology {
  const providers = Object.keys(config.providers);
  return {
    stream: {
      name: o.stream,
      subjects: [`${o.subjectPrefix}.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(2 * 60_000),
    },
    consumers: providers.map((provider) => ({
      provider,
      config: {
        durable_name: `${o.durablePrefix}-${token(provider)}`,
        filter_subject: `${o.subjectPrefix}.${token(provider)}.>`,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(o.ackWaitMs ?? 30_000),
        max_deliver: o.maxDeliver ?? 5,
        max_ack_pending: config.limits[provider]?.max_concurrency ?? UNBOUNDED_CONCURRENCY,
      },
    })),
    subjectOf: (provider, model) => `${o.subjectPrefix}.${token(provider)}.${token(model)}`,
    unenforced: Object.entries(config.limits)
      .filter(([key, l]) => key.includes('/') && l.max_concurrency !== undefined)
      .map(([key]) => key),
  };
}

/** Creates or updates the request stream and the providers' consumers. Idempotent; safe to race. */
export async function ensureLlmRequestQueue(jsm: JetStreamManager, t: LlmRequestQueueTopology): Promise<void> {
  await ensureStream(jsm, t.stream);
  for (const c of t.consumers) await ensureConsumer(jsm, t.stream.name, c.config);
}
