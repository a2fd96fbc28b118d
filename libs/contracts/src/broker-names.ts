/**
 * Every name on the broker derives from one namespace, so several deployments or test suites can
 * share a nats-server without seeing each other's streams, consumers, buckets or subjects.
 */
import { ENGINE_TYPES, type EngineType } from './engine-type.js';

export const NAMESPACE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export interface BrokerNames {
  readonly namespace: string;
  readonly streams: {
    /** WorkQueue: inputs of the orchestrator (commands from the gateway, results from engines). */
    readonly cmd: string;
    /** WorkQueue: engine tasks, one filtered durable consumer per engine type. */
    readonly tasks: string;
    /** Limits: the run event log, written only by the orchestrator. */
    readonly events: string;
    /** Limits: LLM call records written by the llm-gateway. */
    readonly llmCalls: string;
    /** Limits: dead letters with reason headers. */
    readonly dlq: string;
    /** Limits: the TASKS stream's MAX_DELIVERIES and MSG_TERMINATED advisories, read by the dead-letter mover. */
    readonly advisories: string;
    /** Limits: processing attempts of engine tasks (queued, processing, completed, failed, dead_letter). */
    readonly taskAttempts: string;
    /**
     * WorkQueue: requests to the llm-gateway, `<ns>.llm.req.<provider>.<model>`. Created by the
     * llm-gateway from its config (one subject prefix and one durable per configured provider);
     * engines only publish, so a publish before any llm-gateway booted fails fast.
     */
    readonly llmRequests: string;
  };
  readonly consumers: {
    readonly orchestrator: string;
    readonly persistenceEvents: string;
    readonly persistenceLlmCalls: string;
    /** On the advisories stream: moves max-delivered tasks to the DLQ (orchestrator replicas share it). */
    readonly deadLetterMover: string;
    readonly persistenceAttempts: string;
    engine(type: EngineType): string;
    /** On the LLM request stream: one provider's requests, shared by every llm-gateway replica (max_ack_pending = its max_concurrency). */
    llmProvider(provider: string): string;
    /** On the LLM request stream: requests naming a provider the llm-gateway does not have (answered provider_not_configured). */
    readonly llmUnrouted: string;
  };
  /**
   * llmCache: the llm-gateway's shared answer cache (key = hash of the canonical request; no TTL).
   * llmSpend: each budgeted run's LLM spend so far (key = run id; value {tokens, cost_usd}).
   */
  readonly kv: { readonly runs: string; readonly engines: string; readonly llmCache: string; readonly llmSpend: string };
  readonly subjects: {
    cmdAll(): string;
    cmd(runId: string, kind: string): string;
    tasksOf(type: EngineType): string;
    task(type: EngineType, runId: string): string;
    eventsAll(): string;
    eventsOfRun(runId: string): string;
    event(runId: string, type: string): string;
    llmCallsAll(): string;
    llmCall(runId: string): string;
    /** Every LLM request subject (taps; the stream itself lists one prefix per configured provider). */
    llmRequestsAll(): string;
    /** One provider's requests: the filter of its consumer and its subject prefix on the stream. */
    llmRequestsOf(provider: string): string;
    /** Where a request for this provider and model is published. */
    llmRequest(provider: string, model: string): string;
    /** Where a request goes when its provider's subject has no stream (an id the llm-gateway does not have). */
    llmUnrouted(): string;
    /** Core NATS (no stream keeps it): a run's answers while they are generated (live-tokens.ts). */
    liveTokens(runId: string): string;
    dlqAll(): string;
    dlq(origin: string, runId: string): string;
    /** DLQ subjects of one origin (consumer) and/or run; an omitted token matches any. */
    dlqFilter(origin?: string, runId?: string): string;
    /** JetStream's advisory subjects for the consumers of a stream. */
    maxDeliveriesAdvisories(stream: string): string;
    terminatedAdvisories(stream: string): string;
    attemptsAll(): string;
    attempt(runId: string): string;
    query(name: string): string;
    health(): string;
  };
}

export function brokerNames(namespace: string): BrokerNames {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(
      `invalid namespace "${namespace}": use 1-32 lower-case letters, digits or '-', starting with a letter`,
    );
  }
  const ns = namespace;
  const NS = namespace.toUpperCase().replace(/-/g, '_');
  const token = (s: string) => s.replace(/[.*>\s]/g, '_');
  return {
    namespace,
    streams: {
      cmd: `${NS}_CMD`,
      tasks: `${NS}_TASKS`,
      events: `${NS}_EVENTS`,
      llmCalls: `${NS}_LLM_CALLS`,
      dlq: `${NS}_DLQ`,
      advisories: `${NS}_ADVISORIES`,
      taskAttempts: `${NS}_TASK_ATTEMPTS`,
      llmRequests: `${NS}_LLM_REQ`,
    },
    consumers: {
      orchestrator: 'orchestrator',
      persistenceEvents: 'persistence-events',
      persistenceLlmCalls: 'persistence-llm-calls',
      deadLetterMover: 'dlq-mover',
      persistenceAttempts: 'persistence-attempts',
      engine: (type) => `engine-${type}`,
      llmProvider: (provider) => `llm-req-${token(provider)}`,
      llmUnrouted: 'llm-unrouted',
    },
    kv: { runs: `${ns}-runs`, engines: `${ns}-engines`, llmCache: `${ns}-llm-cache`, llmSpend: `${ns}-llm-spend` },
    subjects: {
      cmdAll: () => `${ns}.cmd.>`,
      cmd: (runId, kind) => `${ns}.cmd.${token(runId)}.${token(kind)}`,
      tasksOf: (type) => `${ns}.task.${type}.>`,
      task: (type, runId) => `${ns}.task.${type}.${token(runId)}`,
      eventsAll: () => `${ns}.evt.>`,
      eventsOfRun: (runId) => `${ns}.evt.${token(runId)}.>`,
      event: (runId, type) => `${ns}.evt.${token(runId)}.${type}`,
      llmCallsAll: () => `${ns}.llmcall.>`,
      llmCall: (runId) => `${ns}.llmcall.${token(runId)}`,
      llmRequestsAll: () => `${ns}.llm.req.>`,
      llmRequestsOf: (provider) => `${ns}.llm.req.${token(provider)}.>`,
      llmRequest: (provider, model) => `${ns}.llm.req.${token(provider)}.${token(model)}`,
      // provider ids start with a letter, so `_unrouted` is never a provider's token
      llmUnrouted: () => `${ns}.llm.req._unrouted`,
      liveTokens: (runId) => `${ns}.live.${token(runId)}.tokens`,
      dlqAll: () => `${ns}.dlq.>`,
      dlq: (origin, runId) => `${ns}.dlq.${token(origin)}.${token(runId)}`,
      dlqFilter: (origin, runId) => `${ns}.dlq.${origin ? token(origin) : '*'}.${runId ? token(runId) : '*'}`,
      maxDeliveriesAdvisories: (stream) => `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${token(stream)}.*`,
      terminatedAdvisories: (stream) => `$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${token(stream)}.*`,
      attemptsAll: () => `${ns}.attempt.>`,
      attempt: (runId) => `${ns}.attempt.${token(runId)}`,
      query: (name) => `${ns}.query.${name}`,
      health: () => `${ns}.health.ping`,
    },
  };
}

export const ALL_ENGINE_TYPES: readonly EngineType[] = ENGINE_TYPES;
