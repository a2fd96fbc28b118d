import { publishJson, publishTaskAttempt, type JetStreamClient } from '@scrai/messaging';
import { queuedAttemptOf, type BrokerNames } from '@scrai/contracts';
import type { Logger } from '@scrai/observability';
import type { Command } from '@scrai/scenario-core';

/**
 * Publishes a decision's commands: events to the run's log, tasks to their engine's queue. Every
 * publish carries a deterministic msgID, so publishing the same outbox twice is harmless. The
 * publishes are pipelined in order on one connection, then all acks awaited. Each task also gets
 * its `queued` attempt record (best effort: a lost record is logged, never fails the decision).
 */
export async function publishCommands(js: JetStreamClient, names: BrokerNames, commands: readonly Command[], traceparent?: string, log?: Logger): Promise<void> {
  const at = new Date().toISOString();
  const acks = commands.map((c) =>
    c.type === 'emit'
      ? publishJson(js, names.subjects.event(c.event.run_id, c.event.type), c.event, { msgID: c.event.id, traceparent })
      : publishJson(js, names.subjects.task(c.task.engine_type, c.task.run_id), c.task, { msgID: c.task.task_id, traceparent }),
  );
  const queued = commands.flatMap((c) =>
    c.type === 'schedule'
      ? [publishTaskAttempt(js, names, queuedAttemptOf(c.task, at), traceparent).catch((e: unknown) => log?.warn({ task_id: c.task.task_id, err: String(e) }, 'could not record a queued task attempt'))]
      : [],
  );
  await Promise.all([...acks, ...queued]);
}
