import { nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { ENGINE_TYPES, type BrokerNames, type EngineType } from '@scrai/contracts';

export interface TopologyOptions {
  /** Visibility timeout of engine tasks, per engine type (ms). */
  taskAckWaitMs?: Partial<Record<EngineType, number>>;
  /**
   * The engine consumers' max_deliver (one number for all, or per engine type; default 5): after that
   * many deliveries the broker gives a task up and the dead-letter mover moves it to the DLQ.
   */
  taskMaxDeliver?: number | Partial<Record<EngineType, number>>;
  /** How long the event log is kept on the broker (Postgres keeps it for good). */
  eventsMaxAgeMs?: number;
  /** Publishes with the same Nats-Msg-Id inside this window are dropped as duplicates. */
  duplicateWindowMs?: number;
  /** Registration TTL: an engine that stops heartbeating disappears after this. */
  engineTtlMs?: number;
  /** Visibility timeout of orchestrator inputs (ms); given by the orchestrator, which owns that consumer. */
  cmdAckWaitMs?: number;
  /** Visibility timeout of the persistence consumers (ms); given by the persistence service. */
  persistAckWaitMs?: number;
  /** Replicas of each stream and bucket (SCRAI_STREAM_REPLICAS; default 1). Consumers follow their stream. */
  replicas?: number;
}

const DAY = 24 * 3600_000;

type StreamSpec = Partial<StreamConfig> & { name: string };

export function streamConfigs(names: BrokerNames, o: TopologyOptions = {}): StreamSpec[] {
  const dup = nanos(o.duplicateWindowMs ?? 5 * 60_000);
  const ns = names.namespace;
  /** A file stream kept by age (Limits retention): logs, records, dead letters. */
  const kept = (name: string, subjects: string[], maxAgeMs: number, extra: Partial<StreamConfig> = {}): StreamSpec => ({
    name,
    subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: o.replicas ?? 1,
    duplicate_window: dup,
    max_age: nanos(maxAgeMs),
    ...extra,
  });
  /** A file work queue: a message leaves it when acked (or termed). */
  const queue = (name: string, subjects: string[]): StreamSpec => ({
    name,
    subjects,
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: o.replicas ?? 1,
    duplicate_window: dup,
  });
  return [
    queue(names.streams.cmd, [names.subjects.cmdAll()]),
    queue(names.streams.tasks, [`${ns}.task.>`]),
    kept(names.streams.events, [names.subjects.eventsAll()], o.eventsMaxAgeMs ?? 7 * DAY, { discard: DiscardPolicy.Old }),
    kept(names.streams.llmCalls, [names.subjects.llmCallsAll()], 7 * DAY),
    // browsed page by page with direct gets (next_by_subj) by the dead-letters API
    kept(names.streams.dlq, [names.subjects.dlqAll()], 30 * DAY, { allow_direct: true }),
    // JetStream's advisories are fire-and-forget: captured here, the mover cannot miss one while it is down.
    kept(
      names.streams.advisories,
      [names.subjects.maxDeliveriesAdvisories(names.streams.tasks), names.subjects.terminatedAdvisories(names.streams.tasks)],
      7 * DAY,
    ),
    kept(names.streams.taskAttempts, [names.subjects.attemptsAll()], 7 * DAY),
  ];
}

const taskMaxDeliverOf = (o: TopologyOptions, t: EngineType): number =>
  (typeof o.taskMaxDeliver === 'number' ? o.taskMaxDeliver : o.taskMaxDeliver?.[t]) ?? 5;

/** Attempts at moving one advisory's message before the advisory itself is dead-lettered. */
export const DEAD_LETTER_MOVER_MAX_DELIVER = 100;

export interface ConsumerSpec {
  stream: string;
  config: Partial<ConsumerConfig> & { durable_name: string };
  /** Update an existing consumer to this config (false: only create it when missing). */
  owned: boolean;
}

/**
 * Durable consumers of the namespace. An engine consumer's delivery settings belong to that engine
 * type's service (it passes them in taskAckWaitMs); other services only create it when missing, so
 * whichever service boots last does not reset them.
 */
export function consumerConfigs(names: BrokerNames, o: TopologyOptions = {}): ConsumerSpec[] {
  const engines = ENGINE_TYPES.map((t) => ({
    owned: o.taskAckWaitMs?.[t] !== undefined,
    stream: names.streams.tasks,
    config: {
      durable_name: names.consumers.engine(t),
      filter_subject: names.subjects.tasksOf(t),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(o.taskAckWaitMs?.[t] ?? 30_000),
      max_deliver: taskMaxDeliverOf(o, t),
      max_ack_pending: 10_000,
    },
  }));
  return [
    {
      owned: o.cmdAckWaitMs !== undefined,
      stream: names.streams.cmd,
      config: {
        durable_name: names.consumers.orchestrator,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(o.cmdAckWaitMs ?? 10_000),
        max_deliver: 20,
        max_ack_pending: 20_000,
      },
    },
    ...engines,
    {
      owned: o.persistAckWaitMs !== undefined,
      stream: names.streams.events,
      config: {
        durable_name: names.consumers.persistenceEvents,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(o.persistAckWaitMs ?? 30_000),
        max_deliver: -1,
        max_ack_pending: 50_000,
      },
    },
    {
      owned: o.persistAckWaitMs !== undefined,
      stream: names.streams.llmCalls,
      config: {
        durable_name: names.consumers.persistenceLlmCalls,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(o.persistAckWaitMs ?? 30_000),
        max_deliver: -1,
        max_ack_pending: 50_000,
      },
    },
    {
      owned: o.persistAckWaitMs !== undefined,
      stream: names.streams.taskAttempts,
      config: {
        durable_name: names.consumers.persistenceAttempts,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(o.persistAckWaitMs ?? 30_000),
        max_deliver: -1,
        max_ack_pending: 50_000,
      },
    },
    {
      owned: true,
      stream: names.streams.advisories,
      config: {
        durable_name: names.consumers.deadLetterMover,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(30_000),
        max_deliver: DEAD_LETTER_MOVER_MAX_DELIVER,
        max_ack_pending: 1_000,
      },
    },
  ];
}

const isNotFound = (e: unknown) => /not found/i.test(String((e as Error)?.message ?? e));
const isAlreadyExists = (e: unknown) => /already in use|already exists/i.test(String((e as Error)?.message ?? e));

export async function ensureStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(cfg.name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    try {
      await jsm.streams.add(cfg);
      return;
    } catch (e2) {
      if (!isAlreadyExists(e2)) throw e2;
    }
  }
  await jsm.streams.update(cfg.name, cfg);
}

/** Works on 2.9 (add is an upsert) and on 2.10+ (add fails on an existing consumer). */
export async function ensureConsumer(jsm: JetStreamManager, stream: string, cfg: Partial<ConsumerConfig> & { durable_name: string }, update = true): Promise<void> {
  try {
    await jsm.consumers.info(stream, cfg.durable_name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    try {
      await jsm.consumers.add(stream, cfg);
      return;
    } catch (e2) {
      if (!isAlreadyExists(e2)) throw e2;
    }
  }
  if (update) await jsm.consumers.update(stream, cfg.durable_name, cfg);
}

/** Creates (or updates) every stream and durable consumer of the namespace. Idempotent; safe to race. */
export async function ensureTopology(nc: NatsConnection, names: BrokerNames, o: TopologyOptions = {}): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  for (const s of streamConfigs(names, o)) await ensureStream(jsm, s);
  for (const c of consumerConfigs(names, o)) await ensureConsumer(jsm, c.stream, c.config, c.owned);
  return jsm;
}

export interface Buckets {
  runs: KV;
  engines: KV;
}

export async function openBuckets(nc: NatsConnection, names: BrokerNames, o: TopologyOptions = {}): Promise<Buckets> {
  const kvm = new Kvm(nc);
  const replicas = o.replicas ?? 1;
  const runs = await kvm.create(names.kv.runs, { history: 1, storage: StorageType.File, replicas });
  const engines = await kvm.create(names.kv.engines, { history: 1, ttl: o.engineTtlMs ?? 15_000, replicas });
  return { runs, engines };
}
