import { publishJson, type JetStreamClient } from '@scrai/messaging';
import type { BrokerNames } from '@scrai/contracts';
import type { Command } from '@scrai/scenario-core';

/**
 * Publishes a decision's commands: events to the run's log, tasks to their engine's queue. Every
 * publish carries a deterministic msgID, so publishing the same outbox twice is harmless. The
 * publishes are pipelined in order on one connection, then all acks awaited.
 */
export async function publishCommands(js: JetStreamClient, names: BrokerNames, commands: readonly Command[], traceparent?: string): Promise<void> {
  const acks = commands.map((c) =>
    c.type === 'emit'
      ? publishJson(js, names.subjects.event(c.event.run_id, c.event.type), c.event, { msgID: c.event.id, traceparent })
      : publishJson(js, names.subjects.task(c.task.engine_type, c.task.run_id), c.task, { msgID: c.task.task_id, traceparent }),
  );
  await Promise.all(acks);
}
