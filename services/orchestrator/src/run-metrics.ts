import { counter, gauge, histogram, type Registry } from '@scrai/observability';
import type { Command, RunState } from '@scrai/scenario-core';

export interface RunMetrics {
  /** Called once per applied pass (its decisions' commands together), after they were published. */
  decided(commands: readonly Command[], before: RunState | undefined, after: RunState): void;
  activeRuns(n: number): void;
  /** Called once per pass over a run's waiting inputs, with their number. */
  batched(inputs: number): void;
}

/**
 * What the orchestrator committed: events by type, actor turns, tasks by engine, the tokens the
 * recorded turns used (from the events' usage), runs ending by status and reason, and how many
 * inputs each pass applied. Counters are per replica; sum them across instances.
 */
export function createRunMetrics(registry: Registry): RunMetrics {
  const events = counter(registry, 'scrai_events_total', 'Events appended to run logs, by type.', ['type']);
  const turns = counter(registry, 'scrai_turns_total', 'Actor turns recorded.');
  const tasks = counter(registry, 'scrai_tasks_scheduled_total', 'Engine tasks scheduled, by engine type.', ['engine_type']);
  const tokens = counter(registry, 'scrai_llm_tokens_total', 'Tokens used by the recorded results, by direction, provider and model.', ['direction', 'provider', 'model']);
  const ended = counter(registry, 'scrai_runs_ended_total', 'Runs that ended, by status and reason.', ['status', 'reason']);
  const active = gauge(registry, 'scrai_runs_active', 'Running runs this replica holds a deadline timer for.');
  const batches = histogram(registry, 'scrai_orchestrator_batch_inputs', 'Inputs of one run applied in one pass (one load, one write).', [], [1, 2, 4, 8, 16, 32, 64, 128, 256]);
  return {
    decided(commands, before, after) {
      for (const c of commands) {
        if (c.type === 'schedule') {
          tasks.inc({ engine_type: c.task.engine_type });
          continue;
        }
        events.inc({ type: c.event.type });
        if (c.event.type === 'actor.turn') turns.inc();
        const usage = (c.event.payload as { usage?: { provider: string; model: string; tokens_in: number; tokens_out: number } | null }).usage;
        if (usage) {
          tokens.inc({ direction: 'in', provider: usage.provider, model: usage.model }, usage.tokens_in);
          tokens.inc({ direction: 'out', provider: usage.provider, model: usage.model }, usage.tokens_out);
        }
      }
      if (after.status !== 'running' && after.status !== 'paused' && before?.status !== after.status) {
        ended.inc({ status: after.status, reason: after.end_reason ?? 'unknown' });
      }
    },
    activeRuns(n) {
      active.set(n);
    },
    batched(inputs) {
      batches.observe(inputs);
    },
  };
}
