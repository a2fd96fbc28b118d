import { DomainError, runSpecSchema, type RunSpec } from '@scrai/contracts';

/**
 * The spec of a replay of a run: the original's stored spec (same scenario, seed and agent
 * snapshots) under a new id and name, created now, with the LLM cache in `replay` mode, so every
 * answer comes from the cache and a missing one fails the run. A stored spec that is not a full
 * RunSpec (a row made from events only) cannot be replayed: 409.
 */
export function replaySpecOf(stored: unknown, originalId: string, env: { runId: string; now: Date }): RunSpec {
  const parsed = runSpecSchema.safeParse(stored);
  if (!parsed.success) throw new DomainError(409, `run ${originalId} has no stored spec to replay`);
  const spec = parsed.data;
  return {
    ...spec,
    run_id: env.runId,
    name: `replay of ${originalId}`,
    scenario: { ...spec.scenario, llm_cache: 'replay' },
    created_at: env.now.toISOString(),
  };
}
