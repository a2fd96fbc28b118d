import { nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { ensureConsumer, ensureStream } from '@scrai/messaging';
import type { BrokerNames, LlmLimit } from '@scrai/contracts';

/** max_ack_pending of a provider without max_concurrency (and of the unrouted consumer): effectively unbounded. */
export const UNBOUNDED_CONCURRENCY = 10_000;

/** Default visibility timeout of a request held by an llm-gateway replica (it calls `working()` more often). */
export const DEFAULT_LLM_QUEUE_ACK_WAIT_MS = 30_000;

/** Requests older than this are removed by the stream: every caller gave up long before (engines wait at most 1 h). */
const REQUEST_MAX_AGE_MS = 2 * 3600_000;

export interface LlmRequestQueueOptions {
  /** The provider ids the llm-gateway serves (config `providers`, plus the always-present mock). */
  providers: readonly string[];
  /** The config's `limits`: a provider key's `max_concurrency` becomes its consumer's max_ack_pending. */
  limits: Readonly<Record<string, LlmLimit>>;
  /** Visibility timeout; the gateway calls `working()` more often than this during a provider call. */
  ackWaitMs?: number;
  /** Deliveries before the broker gives up on a request (a gateway that crashed on each). Default 5. */
  maxDeliver?: number;
  /** Replicas of the request stream (SCRAI_STREAM_REPLICAS; default 1). */
  replicas?: number;
}

export interface LlmRequestQueueConsumer {
  /** The provider whose requests it holds; null for the unrouted consumer. */
  provider: string | null;
  config: Partial<ConsumerConfig> & { durable_name: string; max_ack_pending: number };
}

export interface LlmRequestQueueTopology {
  stream: Partial<StreamConfig> & { name: string };
  consumers: LlmRequestQueueConsumer[];
  ackWaitMs: number;
  /** Model keys whose own max_concurrency the queue does not enforce (only provider-wide caps are). */
  unenforced: string[];
}

/**
 * Concurrency capped by the broker, across every gateway replica: requests wait in a WorkQueue
 * stream, and each provider has one durable pull consumer shared by all replicas whose
 * `max_ack_pending` is the provider's `max_concurrency`. The server never has more unacknowledged
 * requests of a provider out than that, whichever replicas hold them; a replica that dies holding
 * one gives it back after `ack_wait`, so nothing leaks (which a KV semaphore cannot promise).
 *
 * The stream's subjects are exactly the configured providers' prefixes plus the unrouted subject:
 * a request for any other provider id finds no stream, so its caller re-sends it to the unrouted
 * subject, whose consumer the gateway answers with `provider_not_configured`.
 *
 * Only provider-wide caps: on nats-server 2.9 a consumer has one filter subject and WorkQueue
 * filters may not overlap, so a model-level cap beside its provider's cannot be expressed this way
 * (listed in `unenforced`).
 */
export function llmRequestQueueTopology(names: BrokerNames, o: LlmRequestQueueOptions): LlmRequestQueueTopology {
  const ackWaitMs = o.ackWaitMs ?? DEFAULT_LLM_QUEUE_ACK_WAIT_MS;
  const consumer = (provider: string | null, filter: string, maxAckPending: number): LlmRequestQueueConsumer => ({
    provider,
    config: {
      durable_name: provider === null ? names.consumers.llmUnrouted : names.consumers.llmProvider(provider),
      filter_subject: filter,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ackWaitMs),
      max_deliver: o.maxDeliver ?? 5,
      max_ack_pending: maxAckPending,
    },
  });
  const providers = [...new Set(o.providers)];
  return {
    stream: {
      name: names.streams.llmRequests,
      subjects: [...providers.map((p) => names.subjects.llmRequestsOf(p)), names.subjects.llmUnrouted()],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      num_replicas: o.replicas ?? 1,
      duplicate_window: nanos(2 * 60_000),
      max_age: nanos(REQUEST_MAX_AGE_MS),
    },
    consumers: [
      ...providers.map((p) => consumer(p, names.subjects.llmRequestsOf(p), o.limits[p]?.max_concurrency ?? UNBOUNDED_CONCURRENCY)),
      consumer(null, names.subjects.llmUnrouted(), UNBOUNDED_CONCURRENCY),
    ],
    ackWaitMs,
    unenforced: Object.entries(o.limits)
      .filter(([key, l]) => key.includes('/') && l.max_concurrency !== undefined)
      .map(([key]) => key),
  };
}

/**
 * Creates or updates the request stream, then the consumers (idempotent; safe to race). The last
 * replica to boot sets the subjects and caps, so every replica must share one config file. A
 * provider removed from the config keeps its (now idle) consumer.
 */
export async function ensureLlmRequestQueue(jsm: JetStreamManager, t: LlmRequestQueueTopology): Promise<void> {
  await ensureStream(jsm, t.stream);
  for (const c of t.consumers) await ensureConsumer(jsm, t.stream.name, c.config);
}
