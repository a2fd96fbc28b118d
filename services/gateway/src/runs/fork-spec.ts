import { DomainError, isTerminalStatus, runSpecSchema, type ForkChange, type ForkRunRequest, type RunRecord, type RunSpec } from '@scrai/contracts';

/**
 * The spec of a fork of a run at `from_turn` (POST /runs/{id}/fork): the source's stored spec (same
 * scenario, seed, agent snapshots and turn policy) under a new id and name, with the LLM cache in
 * `read_write` and a `fork` record (run-fork.ts). decide() is deterministic and prompts do not
 * depend on run ids, so the fork's first `from_turn` turns send the source's requests and are
 * answered from the shared cache; the request's `seed`, `llm` and `agents` overrides apply to the
 * tasks after that point, `max_turns`, `timeout_seconds` and `budget` to the whole fork.
 *
 * 409: no stored spec, fewer than `from_turn` turns taken, or (from_turn > 0) a source that ran with
 * the cache off (its answers were never stored). 400: `max_turns` not above `from_turn`, an unknown
 * agent id.
 */
export function forkSpecOf(stored: unknown, source: RunRecord, req: ForkRunRequest, env: { runId: string; now: Date }): RunSpec {
  const parsed = runSpecSchema.safeParse(stored);
  if (!parsed.success) throw new DomainError(409, `run ${source.id} has no stored spec to fork`);
  const spec = parsed.data;
  const { from_turn: at, overrides: o } = req;
  checkForkPoint(spec, source, at);
  if (o.max_turns !== undefined && o.max_turns <= at) {
    throw new DomainError(400, 'invalid request body', [{ path: 'overrides.max_turns', message: `must be greater than from_turn (${at})` }]);
  }
  const ids = spec.agents.map((a) => a.id);
  const unknown = Object.keys(o.agents ?? {}).filter((id) => !ids.includes(id));
  if (unknown.length > 0) {
    throw new DomainError(
      400,
      'invalid request body',
      unknown.map((id) => ({ path: `overrides.agents.${id}`, message: `run ${source.id} has no agent "${id}" (agents: ${ids.join(', ')})` })),
    );
  }

  // a fork of a fork: the source's changes before this fork point shaped the turns reused
  const kept = (spec.fork?.changes ?? []).filter((c) => c.from_turn < at);
  const originalMax = spec.fork?.original_max_turns ?? spec.scenario.max_turns;
  const toldAtFork = kept.reduce((told, c) => c.max_turns ?? told, originalMax);
  const maxTurns = o.max_turns ?? spec.scenario.max_turns;
  const change: ForkChange = {
    from_turn: at,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(maxTurns !== toldAtFork ? { max_turns: maxTurns } : {}),
    ...(o.llm && Object.keys(o.llm).length > 0 ? { llm: o.llm } : {}),
    ...(o.agents && Object.keys(o.agents).length > 0 ? { agents: o.agents } : {}),
  };
  return {
    ...spec,
    run_id: env.runId,
    name: `fork of ${source.id} at turn ${at}`,
    scenario: {
      ...spec.scenario,
      llm_cache: 'read_write',
      max_turns: maxTurns,
      timeout_seconds: o.timeout_seconds ?? spec.scenario.timeout_seconds,
      ...(o.budget ? { budget: o.budget } : {}),
    },
    fork: {
      source_run_id: source.id,
      from_turn: at,
      ...(originalMax !== maxTurns ? { original_max_turns: originalMax } : {}),
      changes: [...kept, change],
    },
    created_at: env.now.toISOString(),
  };
}

/** The source must have taken `from_turn` turns, and (to be reused) have had its answers cached. */
function checkForkPoint(spec: RunSpec, source: RunRecord, at: number): void {
  if (at > source.turn_count) {
    const sofar = isTerminalStatus(source.status) ? '' : ' so far';
    throw new DomainError(409, `run ${source.id} has ${source.turn_count} turns${sofar}; from_turn must be at most ${source.turn_count}`, [
      { path: 'from_turn', message: `at most ${source.turn_count}` },
    ]);
  }
  if (at > 0 && spec.scenario.llm_cache === 'off') {
    throw new DomainError(
      409,
      `run ${source.id} ran with llm_cache off, so its answers were never cached and its first ${at} turns cannot be reused; fork at from_turn 0 to re-run it with changes`,
    );
  }
}
