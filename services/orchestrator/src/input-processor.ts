import type { BrokerNames, OrchestratorInput, RunSpec } from '@scrai/contracts';
import type { JetStreamClient } from '@scrai/messaging';
import { RetryableError } from '@scrai/messaging';
import { decide, failRun, type Command, type RunState } from '@scrai/scenario-core';
import { withRun, type Logger } from '@scrai/observability';
import { isCasConflict, type Loaded, type RunStore } from './run-store.js';
import { publishCommands, type CommandGroup } from './command-publisher.js';
import { RunRecordTooLarge } from './record-size-limit.js';

export interface ProcessorDeps {
  store: RunStore;
  js: JetStreamClient;
  names: BrokerNames;
  log: Logger;
  now(): number;
  onState(state: RunState): void;
  /** Told about every applied batch, after its commands were published (metrics). */
  onDecision?(commands: readonly Command[], before: RunState | undefined, after: RunState): void;
}

/** One input of a run, with the traceparent its commands are published under. */
export interface RunInput {
  input: OrchestratorInput;
  traceparent?: string;
}

/** What became of one input of a batch: applied (or a duplicate), or failed by itself (its delivery is retried). */
export type InputOutcome = { ok: true } | { ok: false; error: unknown };

const MAX_CAS_ATTEMPTS = 20;
const OK: InputOutcome = { ok: true };

/** The inputs of a batch decided one after another on one state. */
interface Decided {
  state: RunState | undefined;
  groups: CommandGroup[];
  outcomes: InputOutcome[];
  /** Status changes, to log. */
  transitions: Array<{ state: RunState; traceparent?: string }>;
  changed: boolean;
}

/**
 * Applies a batch of one run's inputs (in arrival order) crash-safely:
 *  1. load the run record (state + outbox of the last decision) with its revision;
 *  2. if that outbox may not have been published (we did not publish it ourselves), publish it again;
 *  3. decide each input in turn on the state the previous one left (duplicates change nothing);
 *  4. compare-and-set the final state with all the batch's commands as the new outbox;
 *  5. publish them, in order; the caller acks the inputs only after that.
 * The events and tasks (seqs, ids, msgIDs) are those one-by-one processing gives. A crash anywhere
 * repeats at most step 2/5 with the same msgIDs (deduped) or, before step 4, redelivers every input
 * of the batch (decide ignores what was applied); a stale replica's write fails the CAS and it
 * retries from the fresh state. An input that decide() rejects fails alone; the others go on.
 *
 * A record the broker cannot take (RunRecordTooLarge) is not retried: a batch is split in halves,
 * and a single input that still makes it too large fails the run (`run.failed`, reason in `error`)
 * with the events of that decision kept and its tasks dropped, so the run ends at once instead of
 * after its input was retried into the dead-letter queue.
 */
export function createInputProcessor(deps: ProcessorDeps): (runId: string, batch: readonly RunInput[]) => Promise<InputOutcome[]> {
  /** Revisions whose outbox this process has published (so step 2 is skipped on the hot path). */
  const published = new Map<string, number>();

  async function specOf(runId: string, input: OrchestratorInput): Promise<RunSpec | undefined> {
    return input.kind === 'start' ? input.spec : deps.store.spec(runId);
  }

  async function decideAll(runId: string, state: RunState | undefined, batch: readonly RunInput[]): Promise<Decided> {
    const out: Decided = { state, groups: [], outcomes: [], transitions: [], changed: false };
    for (const { input, traceparent } of batch) {
      try {
        const decision = decide(out.state, input, await specOf(runId, input), { now: deps.now() });
        out.outcomes.push(OK);
        if (!decision.changed) continue;
        if (decision.state.status !== out.state?.status) out.transitions.push({ state: decision.state, traceparent });
        out.state = decision.state;
        out.groups.push({ commands: decision.commands, traceparent });
        out.changed = true;
      } catch (error) {
        out.outcomes.push({ ok: false, error });
      }
    }
    return out;
  }

  /**
   * The run failed by a record too large, from `base` (the state the too-large decision left, or the
   * loaded one): the events of `groups`, then `run.failed`; their tasks are never sent.
   */
  function failedBy(spec: RunSpec, base: RunState, groups: readonly CommandGroup[], transitions: Decided['transitions'], tooLarge: RunRecordTooLarge): Decided {
    const traceparent = groups.at(-1)?.traceparent;
    const events = groups.map((g) => ({ ...g, commands: g.commands.filter((c) => c.type === 'emit') }));
    const failed = failRun(base, spec, tooLarge.message, { now: deps.now() });
    return {
      state: failed.state,
      groups: failed.changed ? [...events, { commands: failed.commands, traceparent }] : events,
      outcomes: [OK],
      transitions: failed.changed ? [...transitions, { state: failed.state, traceparent }] : transitions,
      changed: true,
    };
  }

  async function republishIfNeeded(runId: string, loaded: Loaded | null, traceparent: string | undefined): Promise<void> {
    if (!loaded || loaded.record.outbox.length === 0 || published.get(runId) === loaded.revision) return;
    await publishCommands(deps.js, deps.names, [{ commands: loaded.record.outbox, traceparent }], deps.log);
    published.set(runId, loaded.revision);
  }

  async function applyBatch(runId: string, batch: readonly RunInput[]): Promise<InputOutcome[]> {
    for (const { input } of batch) if (input.kind === 'start') await deps.store.putSpec(input.spec);
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      const loaded = await deps.store.load(runId);
      await republishIfNeeded(runId, loaded, batch[0]?.traceparent);
      const before = loaded?.record.state;
      let decided = await decideAll(runId, before, batch);
      if (!decided.changed || !decided.state) return decided.outcomes;
      let revision: number;
      try {
        ({ revision, decided } = await saveOrFail(runId, decided, loaded));
      } catch (e) {
        if (isCasConflict(e)) {
          deps.log.debug({ run_id: runId, attempt }, 'state changed underneath; retrying');
          continue;
        }
        if (e instanceof RunRecordTooLarge && batch.length > 1) {
          // in halves the records are smaller; only an input too large by itself fails the run
          const half = Math.ceil(batch.length / 2);
          return [...(await applyBatch(runId, batch.slice(0, half))), ...(await applyBatch(runId, batch.slice(half)))];
        }
        throw e;
      }
      const after = decided.state!;
      await publishCommands(deps.js, deps.names, decided.groups, deps.log);
      published.set(runId, revision);
      for (const { state: s, traceparent } of decided.transitions) {
        withRun(deps.log, runId, traceparent).info({ status: s.status, end_reason: s.end_reason, turns: s.turns, rounds: s.round, error: s.error }, `run ${s.status}`);
      }
      if (published.size > 100_000) published.delete(published.keys().next().value!);
      deps.onState(after);
      deps.onDecision?.(decided.groups.flatMap((g) => g.commands), before, after);
      return decided.outcomes;
    }
    throw new RetryableError(`run ${runId}: state kept changing during ${MAX_CAS_ATTEMPTS} attempts`, 'cas_contention', 100);
  }

  /**
   * Writes the batch's record and answers the revision and what was written. A single input whose
   * record is too large fails the run instead: with that decision's events if that fits, else from
   * the loaded state. Throws CAS conflicts, and RunRecordTooLarge for a batch of several inputs
   * (split by the caller) or when not even the failed run fits.
   */
  async function saveOrFail(runId: string, decided: Decided, loaded: Loaded | null): Promise<{ revision: number; decided: Decided }> {
    const save = async (d: Decided) => ({
      revision: await deps.store.save(runId, { state: d.state!, outbox: d.groups.flatMap((g) => g.commands) }, loaded?.revision ?? null),
      decided: d,
    });
    try {
      return await save(decided);
    } catch (e) {
      if (!(e instanceof RunRecordTooLarge) || decided.outcomes.length > 1) throw e;
      const spec = await deps.store.spec(runId);
      if (!spec) throw e;
      deps.log.warn({ run_id: runId, bytes: e.bytes, limit: e.limit }, 'run record too large: failing the run');
      try {
        return await save(failedBy(spec, decided.state!, decided.groups, decided.transitions, e));
      } catch (again) {
        const base = loaded?.record.state;
        if (!(again instanceof RunRecordTooLarge) || !base) throw again;
        return save(failedBy(spec, base, [], [], e));
      }
    }
  }

  return applyBatch;
}

/** Applies a batch of one run's inputs, in order; one outcome per input. */
export type InputProcessor = ReturnType<typeof createInputProcessor>;
