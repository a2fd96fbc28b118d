export type { LlmClient, LlmCallOptions } from './llm-client.js';
export { createNatsLlmClient, type NatsLlmClient, type NatsLlmClientOptions } from './nats-llm-client.js';
export { createLlmQueueClient, type LlmQueueClient, type LlmQueueClientOptions, type LlmRoute } from './llm-queue-client.js';
export { openReplyInbox, ReplyTimeoutError, type ExpectedReply, type ReplyInbox } from './llm-reply-inbox.js';
export { llmRequestOf, llmRequestIdOf } from './llm-request-of.js';
export { addUsage } from './task-usage.js';
export {
  createTaskHandler,
  type TaskHandler,
  type TaskHandlerOptions,
  type TaskCallOptions,
  type TaskOutcome,
} from './task-handler.js';
export { publishTaskOutcome } from './publish-task-outcome.js';
export { createDeliveryHandler, type DeliveryHandlerOptions, type Delivery } from './delivery-handler.js';
export { createAttemptRecorder, type AttemptRecorder, type AttemptRecorderOptions, type WorkerAttemptStatus } from './task-attempts.js';
export { ENGINE_WORKER_OPTIONS, type EngineWorkerOptions } from './engine-worker-options.js';
export { engineEnvShape, engineWorkerOptionsOf, engineTopologyOf, type EngineEnv } from './engine-env.js';
export {
  startEngineWorker,
  runIdOfTaskSubject,
  type EngineWorkerDeps,
  type RunningEngineWorker,
} from './start-engine-worker.js';
export { EngineWorker } from './engine-worker.js';
export { EngineWorkerModule } from './engine-worker-module.js';
export { EngineStats, engineStatusOf, MIN_FAILURE_SAMPLES, DEGRADED_FAILURE_RATIO, type EngineStatsOptions, type RecentOutcomes } from './engine-stats.js';
export { registerEngine, registrationRecord, type EngineIdentity, type EngineRegistrationOptions, type EngineRegistrationHandle } from './engine-registration.js';
export { deliveryStatsHooks, type DeliveryStatsHooks } from './delivery-stats.js';
export { registerEngineWorker, type EngineWorkerIdentity } from './register-engine-worker.js';
