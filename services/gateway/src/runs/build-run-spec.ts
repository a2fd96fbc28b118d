import type { z } from 'zod';
import {
  agentTemplateSchema,
  createRunRequestSchema,
  DomainError,
  issuesToDetails,
  parseOrThrow,
  runSpecSchema,
  scenarioTemplateSchema,
  type AgentTemplate,
  type ErrorDetail,
  type RunAgent,
  type RunSpec,
  type ScenarioTemplate,
  type TemplateRecord,
} from '@scrai/contracts';
import { applyScenarioOverrides, chooseSeed, forcedLlmSettings, withForcedLlm } from './run-overrides.js';

/** Where the builder looks templates up (persistence in the service, a map in unit tests). */
export interface TemplateSources {
  findScenario(ref: string): Promise<TemplateRecord | null>;
  findAgent(ref: string): Promise<TemplateRecord | null>;
}

/** Ids, time and randomness come from the caller. */
export interface RunSpecEnvironment {
  runId: string;
  now: Date;
  randomSeed(): number;
}

export interface BuiltRun {
  spec: RunSpec;
  /** The stored scenario template the run came from; null for an inline scenario. */
  scenarioId: string | null;
}

const LOOKUP_CONCURRENCY = 32;

/**
 * Turns a POST /runs body into a RunSpec: the scenario and every role's agent resolved to snapshots,
 * overrides applied, the roster checked. Every failure is a DomainError with the field path of the
 * request (inline scenario: `scenario.…`; stored scenario: the path inside that template).
 */
export async function buildRunSpec(rawBody: unknown, sources: TemplateSources, env: RunSpecEnvironment): Promise<BuiltRun> {
  const req = parseOrThrow(createRunRequestSchema, rawBody);
  const { scenario, scenarioId, prefix } = await resolveScenario(req.scenario, sources);
  const effective = applyScenarioOverrides(scenario, req.overrides);
  const forced = forcedLlmSettings(rawBody, req.overrides);
  const agents = await resolveAgents(scenario, sources, prefix);
  checkRoster(agents, prefix);
  checkTurnBudget(effective, agents, req.overrides.max_turns !== undefined ? 'overrides.max_turns' : `${prefix}max_turns`);

  const spec: RunSpec = {
    run_id: env.runId,
    name: req.name ?? null,
    scenario: {
      id: scenarioId,
      name: effective.name,
      description: effective.description,
      opening_situation: effective.opening_situation,
      turn_policy: effective.turn_policy,
      max_turns: effective.max_turns,
      timeout_seconds: effective.timeout_seconds,
      analysis_every_n_turns: effective.analysis_every_n_turns,
      completion_conditions: effective.completion_conditions,
      context_window: effective.context_window,
      actor_actions: effective.actor_actions,
      ...(effective.on_task_failure !== undefined ? { on_task_failure: effective.on_task_failure } : {}),
      ...(effective.fallback_line !== undefined ? { fallback_line: effective.fallback_line } : {}),
      ...(req.overrides.llm_cache !== undefined ? { llm_cache: req.overrides.llm_cache } : {}),
      ...(effective.budget !== undefined ? { budget: effective.budget } : {}),
      ...(effective.stream ? { stream: true } : {}),
    },
    seed: chooseSeed(scenario, req.overrides, env.randomSeed),
    agents: agents.map(({ role, agent }) => toRunAgent(role, withForcedLlm(agent, forced), effective.stream)),
    created_at: env.now.toISOString(),
  };
  return { spec: runSpecSchema.parse(spec), scenarioId };
}

async function resolveScenario(
  ref: string | ScenarioTemplate,
  sources: TemplateSources,
): Promise<{ scenario: ScenarioTemplate; scenarioId: string | null; prefix: string }> {
  if (typeof ref !== 'string') return { scenario: ref, scenarioId: null, prefix: 'scenario.' };
  const record = await sources.findScenario(ref);
  if (!record) {
    throw new DomainError(404, `scenario template "${ref}" not found`, [{ path: 'scenario', message: `no scenario template named or with id "${ref}"` }]);
  }
  return { scenario: storedBody(scenarioTemplateSchema, record), scenarioId: record.id, prefix: '' };
}

interface ResolvedRole {
  role: string;
  agent: AgentTemplate;
}

async function resolveAgents(scenario: ScenarioTemplate, sources: TemplateSources, prefix: string): Promise<ResolvedRole[]> {
  const names = [...new Set(Object.values(scenario.roles).flatMap((r) => (typeof r.agent === 'string' ? [r.agent] : [])))];
  const found = new Map<string, AgentTemplate | null>();
  for (let i = 0; i < names.length; i += LOOKUP_CONCURRENCY) {
    const batch = names.slice(i, i + LOOKUP_CONCURRENCY);
    const records = await Promise.all(batch.map((n) => sources.findAgent(n)));
    batch.forEach((n, j) => found.set(n, records[j] ? storedBody(agentTemplateSchema, records[j]) : null));
  }
  const out: ResolvedRole[] = [];
  for (const [role, binding] of Object.entries(scenario.roles)) {
    const agent = typeof binding.agent === 'string' ? found.get(binding.agent) : binding.agent;
    if (agent) {
      out.push({ role, agent });
    } else if (binding.required) {
      throw new DomainError(400, `role "${role}" needs agent template "${binding.agent as string}", which does not exist`, [
        { path: `${prefix}roles.${role}.agent`, message: `no agent template named "${binding.agent as string}"` },
      ]);
    }
  }
  return out;
}

function checkRoster(agents: readonly ResolvedRole[], prefix: string): void {
  if (!agents.some((a) => a.agent.engine_type === 'actor')) {
    throw new DomainError(400, 'a run needs at least one actor', [{ path: `${prefix}roles`, message: 'no role is played by an actor agent' }]);
  }
  for (const type of ['narrator', 'analyst'] as const) {
    const of = agents.filter((a) => a.agent.engine_type === type);
    if (of.length > 1) {
      const details: ErrorDetail[] = of.slice(1).map((a) => ({
        path: `${prefix}roles.${a.role}.agent`,
        message: `a run has at most one ${type}; role "${of[0]!.role}" is one already`,
      }));
      throw new DomainError(400, `a run has at most one ${type}`, details);
    }
  }
}

function checkTurnBudget(s: ScenarioTemplate, agents: readonly ResolvedRole[], path: string): void {
  const actors = agents.filter((a) => a.agent.engine_type === 'actor').length;
  if (s.turn_policy === 'simultaneous' && s.max_turns < actors) {
    throw new DomainError(400, `max_turns (${s.max_turns}) is smaller than one simultaneous round (${actors} actors)`, [
      { path, message: `must be at least ${actors} (the number of actors) for turn_policy "simultaneous"` },
    ]);
  }
}

/** An agent's snapshot; an actor of a streamed run carries `stream` (its engine task has the agent, not the scenario). */
function toRunAgent(role: string, agent: AgentTemplate, stream: boolean): RunAgent {
  const base = { id: role, template_name: agent.name, persona: agent.persona, llm: agent.llm };
  switch (agent.engine_type) {
    case 'actor':
      return { ...base, engine_type: 'actor', settings: stream ? { ...agent.settings, stream: true } : agent.settings };
    case 'narrator':
      return { ...base, engine_type: 'narrator', settings: agent.settings };
    case 'analyst':
      return { ...base, engine_type: 'analyst', settings: agent.settings };
  }
}

/** A stored body parsed with today's schema (defaults filled); a body that no longer fits is a 422. */
function storedBody<T>(schema: z.ZodType<T>, record: TemplateRecord): T {
  const r = schema.safeParse(record.body);
  if (r.success) return r.data;
  throw new DomainError(422, `stored ${record.kind} template "${record.name}" is not valid any more`, issuesToDetails(r.error.issues));
}
