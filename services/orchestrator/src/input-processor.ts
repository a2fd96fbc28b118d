import type { BrokerNames, OrchestratorInput } from '@scrai/contracts';
import type { JetStreamClient } from '@scrai/messaging';
import { RetryableError } from '@scrai/messaging';
import { decide, type Command, type RunState } from '@scrai/scenario-core';
import { withRun, type Logger } from '@scrai/observability';
import { isCasConflict, type RunStore } from './run-store.js';
import { publishCommands } from './command-publisher.js';

export interface ProcessorDeps {
  store: RunStore;
  js: JetStreamClient;
  names: BrokerNames;
  log: Logger;
  now(): number;
  onState(state: RunState): void;
  /** Told about every applied decision, after its commands were published (metrics). */
  onDecision?(commands: readonly Command[], before: RunState | undefined, after: RunState): void;
}

const MAX_CAS_ATTEMPTS = 20;

/**
 * Applies one input to its run, crash-safely:
 *  1. load the run record (state + outbox of the last decision) with its revision;
 *  2. if that outbox may not have been published (we did not publish it ourselves), publish it again;
 *  3. decide; 4. compare-and-set the new state with the new outbox; 5. publish the outbox.
 * A crash anywhere repeats at most step 2/5 with the same msgIDs (deduped); a stale replica's
 * write fails the CAS and it retries from the fresh state.
 */
export function createInputProcessor(deps: ProcessorDeps) {
  /** Revisions whose outbox this process has published (so step 2 is skipped on the hot path). */
  const published = new Map<string, number>();

  return async function process(input: OrchestratorInput, traceparent?: string): Promise<void> {
    const runId = input.run_id;
    if (input.kind === 'start') await deps.store.putSpec(input.spec);
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      const loaded = await deps.store.load(runId);
      if (loaded && loaded.record.outbox.length > 0 && published.get(runId) !== loaded.revision) {
        await publishCommands(deps.js, deps.names, loaded.record.outbox, traceparent, deps.log);
        published.set(runId, loaded.revision);
      }
      const spec = input.kind === 'start' ? input.spec : await deps.store.spec(runId);
      const decision = decide(loaded?.record.state, input, spec, { now: deps.now() });
      if (!decision.changed) return;
      let revision: number;
      try {
        revision = await deps.store.save(runId, { state: decision.state, outbox: decision.commands }, loaded?.revision ?? null);
      } catch (e) {
        if (isCasConflict(e)) {
          deps.log.debug({ run_id: runId, attempt }, 'state changed underneath; retrying');
          continue;
        }
        throw e;
      }
      await publishCommands(deps.js, deps.names, decision.commands, traceparent, deps.log);
      published.set(runId, revision);
      if (decision.state.status !== loaded?.record.state.status) {
        const s = decision.state;
        withRun(deps.log, runId, traceparent).info({ status: s.status, end_reason: s.end_reason, turns: s.turns, rounds: s.round, error: s.error }, `run ${s.status}`);
      }
      if (published.size > 100_000) published.delete(published.keys().next().value!);
      deps.onState(decision.state);
      deps.onDecision?.(decision.commands, loaded?.record.state, decision.state);
      return;
    }
    throw new RetryableError(`run ${runId}: state kept changing during ${MAX_CAS_ATTEMPTS} attempts`, 'cas_contention', 100);
  };
}
