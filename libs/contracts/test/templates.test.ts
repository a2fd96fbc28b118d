import { describe, expect, it } from '@jest/globals';
import {
  agentTemplateSchema,
  createRunRequestSchema,
  issuesToDetails,
  parseOrThrow,
  scenarioTemplateSchema,
  DomainError,
} from '../src/index.js';

const actor = {
  name: 'mayor',
  engine_type: 'actor',
  persona: { role: 'Mayor', goals: ['pass the budget'], traits: { patience: 3, temperament: 'dry' } },
};

const detailsOf = (schema: Parameters<typeof parseOrThrow>[0], input: unknown) => {
  try {
    parseOrThrow(schema, input);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).details;
  }
  throw new Error('expected a validation error');
};

describe('agent templates', () => {
  it('accepts a minimal actor and fills documented defaults', () => {
    const t = agentTemplateSchema.parse(actor);
    expect(t.llm).toEqual({ provider: 'mock', model: 'mock-1', temperature: 0.7, max_tokens: 512 });
    expect(t.persona).toMatchObject({ backstory: '', instructions: [], constraints: [] });
    expect(t.settings).toEqual({});
  });

  it('gives narrators and analysts their own settings with defaults', () => {
    const n = agentTemplateSchema.parse({ ...actor, name: 'n', engine_type: 'narrator', settings: { perspective: 'first_person' } });
    expect(n.settings).toEqual({ narrative_style: 'vivid and concise', perspective: 'first_person' });
    const a = agentTemplateSchema.parse({ ...actor, name: 'a', engine_type: 'analyst', settings: { metrics: ['civility'] } });
    expect(a.settings).toMatchObject({ metrics: ['civility'] });
  });

  it('reports each problem with its field path', () => {
    const details = detailsOf(agentTemplateSchema, { ...actor, persona: { role: '', goals: 'x' }, llm: { temperature: 7 } });
    const paths = details.map((d) => d.path).sort();
    expect(paths).toEqual(['llm.temperature', 'persona.goals', 'persona.role']);
  });

  it('rejects unknown fields by name (a typo is not silently dropped)', () => {
    const details = detailsOf(agentTemplateSchema, { ...actor, persona: { ...actor.persona, goal: ['typo'] } });
    expect(details).toEqual([{ path: 'persona.goal', message: 'unknown field' }]);
  });

  it('rejects an unknown engine type and a bad name', () => {
    expect(detailsOf(agentTemplateSchema, { ...actor, engine_type: 'oracle' }).map((d) => d.path)).toEqual(['engine_type']);
    expect(detailsOf(agentTemplateSchema, { ...actor, name: 'Has Spaces' }).map((d) => d.path)).toEqual(['name']);
  });
});

describe('scenario templates', () => {
  const scenario = { name: 'debate', roles: { mayor: { agent: 'mayor' } }, opening_situation: 'A hall.' };

  it('accepts a minimal scenario with defaults for policy, limits and completion conditions', () => {
    const s = scenarioTemplateSchema.parse(scenario);
    expect(s).toMatchObject({ turn_policy: 'round_robin', max_turns: 12, timeout_seconds: 600, analysis_every_n_turns: 0, context_window: 20 });
    expect(s.completion_conditions).toEqual([{ type: 'narrator_concludes' }, { type: 'all_actors_done' }]);
    expect(s.roles.mayor).toEqual({ agent: 'mayor', required: true });
    expect(s.seed).toBeUndefined();
  });

  it('accepts inline agent templates in roles', () => {
    const s = scenarioTemplateSchema.parse({ ...scenario, roles: { mayor: { agent: actor, required: false } } });
    expect(s.roles.mayor!.agent).toMatchObject({ name: 'mayor', engine_type: 'actor' });
  });

  it('requires roles and an opening situation, and bounds the limits', () => {
    const paths = detailsOf(scenarioTemplateSchema, { name: 'x', roles: {}, max_turns: 0, turn_policy: 'random' }).map((d) => d.path).sort();
    expect(paths).toEqual(['max_turns', 'opening_situation', 'roles', 'turn_policy']);
  });

  it('validates completion conditions by type', () => {
    const paths = detailsOf(scenarioTemplateSchema, { ...scenario, completion_conditions: [{ type: 'phrase' }] }).map((d) => d.path);
    expect(paths).toEqual(['completion_conditions[0].phrase']);
  });
});

describe('run requests', () => {
  it('takes a scenario by name with overrides', () => {
    const r = createRunRequestSchema.parse({ scenario: 'town-hall-debate', overrides: { seed: 3, llm: { model: 'gpt-x' } } });
    expect(r.overrides).toEqual({ seed: 3, llm: { model: 'gpt-x' } }); // no defaults forced on the llm override
  });

  it('points into an inline scenario when it is the one that is wrong', () => {
    const r = createRunRequestSchema.safeParse({ scenario: { name: 'x', roles: { a: { agent: 'a' } }, opening_situation: 'o', max_turns: -1 } });
    expect(r.success).toBe(false);
    expect(issuesToDetails(r.error!.issues).map((d) => d.path)).toEqual(['scenario.max_turns']);
  });

  it('reports bad overrides with their path', () => {
    const r = createRunRequestSchema.safeParse({ scenario: 'x', overrides: { max_turns: 0, seeed: 1 } });
    expect(issuesToDetails(r.error!.issues).map((d) => d.path).sort()).toEqual(['overrides.max_turns', 'overrides.seeed']);
  });
});
