import { DomainError, type BrokerNames, type EngineType, type QueueStats } from '@scrai/contracts';
import { errorMessage, type JetStreamManager } from '@scrai/messaging';

const msOf = (nanos: number | undefined) => Math.round((nanos ?? 0) / 1_000_000);

/** Reads one engine type's task queue from the info of its durable consumer on the TASKS stream. */
export type QueueStatsReader = (engineType: EngineType) => Promise<QueueStats>;

export function jetStreamQueueStats(jsm: JetStreamManager, names: BrokerNames): QueueStatsReader {
  return async (engineType) => {
    const stream = names.streams.tasks;
    const consumer = names.consumers.engine(engineType);
    let info;
    try {
      info = await jsm.consumers.info(stream, consumer);
    } catch (e) {
      throw new DomainError(503, `cannot read the ${engineType} queue (${stream}/${consumer}): ${errorMessage(e)}`);
    }
    return {
      engine_type: engineType,
      stream,
      consumer,
      pending: info.num_pending,
      in_flight: info.num_ack_pending,
      redelivered: info.num_redelivered,
      waiting: info.num_waiting,
      ack_wait_ms: msOf(info.config.ack_wait),
      max_deliver: info.config.max_deliver ?? -1,
      max_ack_pending: info.config.max_ack_pending ?? -1,
      backoff_ms: (info.config.backoff ?? []).map(msOf),
    };
  };
}
