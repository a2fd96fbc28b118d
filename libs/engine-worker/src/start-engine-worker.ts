import { DEFAULT_RETRY_POLICY_CONFIG, engineTaskSchema, retryPolicyOf, type BrokerNames, type EngineTask } from '@scrai/contracts';
import {
  pullExpiresFor,
  DEFAULT_REDELIVERY,
  redeliveryOf,
  startWorkLoop,
  type Consumer,
  type JetStreamClient,
  type JsMsg,
  type NatsConnection,
  type WorkLoop,
} from '@scrai/messaging';
import type { Logger, Registry, Tracing } from '@scrai/observability';
import type { EngineWorkerOptions } from './engine-worker-options.js';
import type { LlmClient } from './llm-client.js';
import { createNatsLlmClient } from './nats-llm-client.js';
import { publishTaskOutcome } from './publish-task-outcome.js';
import { createTaskHandler } from './task-handler.js';
import { createDeliveryHandler } from './delivery-handler.js';
import { createAttemptRecorder, type AttemptRecorder } from './task-attempts.js';
import { deliveryStatsHooks } from './delivery-stats.js';
import type { EngineRegistrationHandle } from './engine-registration.js';
import { EngineStats } from './engine-stats.js';
import { registerEngineWorker } from './register-engine-worker.js';

export interface EngineWorkerDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  names: BrokerNames;
  log: Logger;
  instanceId: string;
  /** Recorded in the engine registry. */
  version?: string;
  /** Default: the llm-gateway over NATS. */
  llm?: LlmClient;
  /** The process's Prometheus registry (the work loop's counters and timings). */
  metrics?: Registry;
  /** The process's spans (one per task delivery, the parent of its LLM call and its outcome). Default: off. */
  tracing?: Tracing;
}

export interface RunningEngineWorker {
  readonly consumer: Consumer;
  readonly loop: WorkLoop;
  readonly stats: EngineStats;
  readonly registration: EngineRegistrationHandle;
  stop(): Promise<void>;
}

/** Task subjects end with the run id: `<ns>.task.<engine>.<runId>`. */
export const runIdOfTaskSubject = (subject: string): string | undefined => subject.split('.').at(-1) || undefined;

/**
 * Pulls this engine type's tasks from its durable consumer and answers each with one outcome on the
 * CMD stream; the task is acked only after the outcome is stored. Undecodable tasks are
 * dead-lettered by the work loop; a retryable failure is nak'ed with its kind's delay until its last
 * allowed delivery; a task that cannot be done is dead-lettered and its run told (delivery-handler.ts).
 */
export async function startEngineWorker(deps: EngineWorkerDeps, o: EngineWorkerOptions): Promise<RunningEngineWorker> {
  const { js, names, log } = deps;
  const consumer = await js.consumers.get(names.streams.tasks, names.consumers.engine(o.engineType));
  const llm = deps.llm ?? createNatsLlmClient({ nc: deps.nc, names, timeoutMs: o.llmTimeoutMs });
  const handleTask = createTaskHandler({ llm, engineId: deps.instanceId, maxRepairs: o.maxRepairs, log });
  const stats = new EngineStats();
  const statsHooks = deliveryStatsHooks(stats);
  // Registered before the first pull; heartbeats report the loop's load once it runs.
  const load = { inFlight: () => 0 };
  const registration = await registerEngineWorker(deps, o, stats, () => load.inFlight());
  const recordAttempt = createAttemptRecorder({ js, names, engineId: deps.instanceId, log });
  const loop = startWorkLoop<EngineTask>({
    js,
    names,
    consumer,
    metrics: deps.metrics,
    schema: engineTaskSchema,
    concurrency: o.concurrency,
    // each task by its kind's retry policy (nak delays, the delivery whose failure is dead-lettered)
    policy: { ...DEFAULT_REDELIVERY, maxDeliver: o.maxDeliver },
    policyOf: (task) => redeliveryOf(retryPolicyOf(o.retry ?? DEFAULT_RETRY_POLICY_CONFIG, task.kind)),
    workingEveryMs: Math.max(100, Math.floor(o.ackWaitMs / 3)),
    pullExpiresMs: pullExpiresFor(o.ackWaitMs),
    workerId: deps.instanceId,
    log,
    runIdOf: runIdOfTaskSubject,
    tracing: deps.tracing,
    spanOf: (task) => ({ name: `${o.engineType} ${task.kind}`, attributes: { 'scrai.task_id': task.task_id, 'scrai.agent_id': task.agent.id, 'scrai.engine_id': deps.instanceId } }),
    onDisposition: (d, m) => {
      statsHooks.onDisposition(d, m);
      if (d.type === 'dead_letter') recordDeadLetter(m, d.reason, recordAttempt);
    },
    handle: statsHooks.wrap(createDeliveryHandler({
      handleTask,
      publish: (outcome, traceparent) => publishTaskOutcome(js, names, outcome, traceparent),
      engineId: deps.instanceId,
      recordAttempt,
    })),
  });
  load.inFlight = () => loop.inFlight;
  // Heartbeats go on while the tasks in hand finish; the key is deleted once they have.
  const stop = async () => {
    await loop.stop();
    await registration.stop();
  };
  return { consumer, loop, stats, registration, stop };
}

/** The worker-side dead letter (permanent failure, last delivery) as the task's `dead_letter` step; undecodable payloads have no task to record. */
function recordDeadLetter(m: JsMsg, reason: string, record: AttemptRecorder): void {
  let raw: unknown;
  try {
    raw = m.json();
  } catch {
    return;
  }
  const task = engineTaskSchema.safeParse(raw);
  if (task.success) void record(task.data, m.info.deliveryCount, 'dead_letter', reason, m.headers?.get('traceparent') || undefined);
}
