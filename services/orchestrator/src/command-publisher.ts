import { publishJson, publishTaskAttempt, type JetStreamClient } from '@scrai/messaging';
import { queuedAttemptOf, type BrokerNames } from '@scrai/contracts';
import type { Logger } from '@scrai/observability';
import type { Command } from '@scrai/scenario-core';

/** Commands of one decision, with the traceparent of the input that caused them. */
export interface CommandGroup {
  commands: readonly Command[];
  traceparent?: string;
}

/**
 * Publishes decisions' commands: events to the run's log, tasks to their engine's queue. Every
 * publish carries a deterministic msgID, so publishing the same outbox twice is harmless. The
 * publishes are pipelined in order (group after group) on one connection, then all acks awaited.
 * Each task also gets its `queued` attempt record, sent after the commands (best effort: a lost
 * record is logged, never fails the decision).
 */
export async function publishCommands(js: JetStreamClient, names: BrokerNames, groups: readonly CommandGroup[], log?: Logger): Promise<void> {
  const at = new Date().toISOString();
  const acks: Array<Promise<unknown>> = [];
  const queued: Array<Promise<unknown>> = [];
  for (const { commands, traceparent } of groups) {
    for (const c of commands) {
      acks.push(
        c.type === 'emit'
          ? publishJson(js, names.subjects.event(c.event.run_id, c.event.type), c.event, { msgID: c.event.id, traceparent })
          : publishJson(js, names.subjects.task(c.task.engine_type, c.task.run_id), c.task, { msgID: c.task.task_id, traceparent }),
      );
    }
  }
  for (const { commands, traceparent } of groups) {
    for (const c of commands) {
      if (c.type !== 'schedule') continue;
      queued.push(publishTaskAttempt(js, names, queuedAttemptOf(c.task, at), traceparent).catch((e: unknown) => log?.warn({ task_id: c.task.task_id, err: String(e) }, 'could not record a queued task attempt')));
    }
  }
  await Promise.all([...acks, ...queued]);
}
