import type { AgentLlmSettings, AgentTemplate, RunOverrides, ScenarioTemplate } from '@scrai/contracts';

/** The scenario settings a run uses once the request's overrides are applied. */
export function applyScenarioOverrides(s: ScenarioTemplate, o: RunOverrides): ScenarioTemplate {
  return {
    ...s,
    turn_policy: o.turn_policy ?? s.turn_policy,
    max_turns: o.max_turns ?? s.max_turns,
    timeout_seconds: o.timeout_seconds ?? s.timeout_seconds,
    analysis_every_n_turns: o.analysis_every_n_turns ?? s.analysis_every_n_turns,
    budget: o.budget ?? s.budget,
    stream: o.stream ?? s.stream,
  };
}

/**
 * The LLM settings the request forces on every agent: only the fields the caller actually wrote.
 * (The parsed `overrides.llm` is filled with the settings' defaults, so it cannot tell "model only"
 * from "provider mock, model x"; the raw body can.)
 */
export function forcedLlmSettings(rawBody: unknown, parsed: RunOverrides): Partial<AgentLlmSettings> {
  const rawLlm = (rawBody as { overrides?: { llm?: unknown } } | null)?.overrides?.llm;
  if (!parsed.llm || !rawLlm || typeof rawLlm !== 'object') return {};
  const out: Partial<AgentLlmSettings> = {};
  for (const key of Object.keys(rawLlm) as Array<keyof AgentLlmSettings>) {
    if (parsed.llm[key] !== undefined) (out as Record<string, unknown>)[key] = parsed.llm[key];
  }
  return out;
}

export function withForcedLlm(agent: AgentTemplate, forced: Partial<AgentLlmSettings>): AgentTemplate {
  return Object.keys(forced).length === 0 ? agent : { ...agent, llm: { ...agent.llm, ...forced } };
}

/** The run's seed: the request's override, else the template's, else a fresh random one (recorded in the spec). */
export function chooseSeed(s: ScenarioTemplate, o: RunOverrides, randomSeed: () => number): number {
  return o.seed ?? s.seed ?? randomSeed();
}
