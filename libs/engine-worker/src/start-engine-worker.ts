import { engineTaskSchema, type BrokerNames, type EngineTask } from '@scrai/contracts';
import {
  DEFAULT_REDELIVERY,
  startWorkLoop,
  type Consumer,
  type JetStreamClient,
  type NatsConnection,
  type WorkLoop,
} from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import type { EngineWorkerOptions } from './engine-worker-options.js';
import type { LlmClient } from './llm-client.js';
import { createNatsLlmClient } from './nats-llm-client.js';
import { publishTaskOutcome } from './publish-task-outcome.js';
import { createTaskHandler } from './task-handler.js';
import { createDeliveryHandler } from './delivery-handler.js';

export interface EngineWorkerDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  names: BrokerNames;
  log: Logger;
  instanceId: string;
  /** Default: the llm-gateway over NATS. */
  llm?: LlmClient;
}

export interface RunningEngineWorker {
  readonly consumer: Consumer;
  readonly loop: WorkLoop;
  stop(): Promise<void>;
}

/** Task subjects end with the run id: `<ns>.task.<engine>.<runId>`. */
export const runIdOfTaskSubject = (subject: string): string | undefined => subject.split('.').at(-1) || undefined;

/**
 * Pulls this engine type's tasks from its durable consumer and answers each with one outcome on the
 * CMD stream; the task is acked only after the outcome is stored. Undecodable tasks are
 * dead-lettered by the work loop; a retryable failure is nak'ed with its delay until the last
 * delivery, which reports `task_failed` (delivery-handler.ts).
 */
export async function startEngineWorker(deps: EngineWorkerDeps, o: EngineWorkerOptions): Promise<RunningEngineWorker> {
  const { js, names, log } = deps;
  const consumer = await js.consumers.get(names.streams.tasks, names.consumers.engine(o.engineType));
  const llm = deps.llm ?? createNatsLlmClient({ nc: deps.nc, names, timeoutMs: o.llmTimeoutMs });
  const handleTask = createTaskHandler({ llm, engineId: deps.instanceId, maxRepairs: o.maxRepairs, log });
  const loop = startWorkLoop<EngineTask>({
    js,
    names,
    consumer,
    schema: engineTaskSchema,
    concurrency: o.concurrency,
    policy: { ...DEFAULT_REDELIVERY, maxDeliver: o.maxDeliver },
    workingEveryMs: Math.max(100, Math.floor(o.ackWaitMs / 3)),
    workerId: deps.instanceId,
    log,
    runIdOf: runIdOfTaskSubject,
    handle: createDeliveryHandler({
      handleTask,
      publish: (outcome, traceparent) => publishTaskOutcome(js, names, outcome, traceparent),
      maxDeliver: o.maxDeliver,
      engineId: deps.instanceId,
    }),
  });
  return { consumer, loop, stop: () => loop.stop() };
}
