import { DomainError, inputMsgId, type BrokerNames, type Injection, type OrchestratorInput, type RunSpec } from '@scrai/contracts';
import { errorMessage, publishJson, type JetStreamClient } from '@scrai/messaging';
import { DISABLED_TRACING, type Tracing } from '@scrai/observability';

/** Commands the gateway sends to the orchestrators (on the CMD work queue). */
export interface RunCommands {
  start(spec: RunSpec): Promise<void>;
  stop(runId: string, reason: string): Promise<void>;
  /** requestId / injectionId: fresh per request (a run may be paused many times), the msgID of the input. */
  pause(runId: string, requestId: string, reason: string): Promise<void>;
  resume(runId: string, requestId: string): Promise<void>;
  inject(runId: string, injectionId: string, injection: Injection): Promise<void>;
}

/**
 * Publishes with the input's deterministic msgID, so a retried request cannot start or stop a run twice.
 * Each command is the root span of its trace (`gateway run.<kind>`): a run's start command roots the
 * trace that every later hop of the run continues.
 */
export function jetStreamRunCommands(js: JetStreamClient, names: BrokerNames, tracing: Tracing = DISABLED_TRACING): RunCommands {
  const send = (input: OrchestratorInput) =>
    tracing.inSpan(`gateway run.${input.kind}`, { kind: 'producer', attributes: { 'scrai.run_id': input.run_id } }, async (span) => {
      try {
        await publishJson(js, names.subjects.cmd(input.run_id, input.kind), input, { msgID: inputMsgId(input), traceparent: span.traceparent });
      } catch (e) {
        throw new DomainError(503, `could not queue the ${input.kind} command of run ${input.run_id}: ${errorMessage(e)}`);
      }
    });
  return {
    start: (spec) => send({ kind: 'start', run_id: spec.run_id, spec }),
    stop: (runId, reason) => send({ kind: 'stop', run_id: runId, reason }),
    pause: (runId, requestId, reason) => send({ kind: 'pause', run_id: runId, request_id: requestId, reason }),
    resume: (runId, requestId) => send({ kind: 'resume', run_id: runId, request_id: requestId }),
    inject: (runId, injectionId, injection) => send({ kind: 'inject', run_id: runId, injection_id: injectionId, injection }),
  };
}
