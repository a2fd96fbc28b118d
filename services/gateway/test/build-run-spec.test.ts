import { describe, expect, it } from '@jest/globals';
import { DomainError, type TemplateRecord } from '@scrai/contracts';
import { buildRunSpec, type TemplateSources } from '../src/runs/build-run-spec.js';

const RUN_ID = '00000000-0000-4000-8000-000000000001';
const SCENARIO_ID = '00000000-0000-4000-8000-0000000000aa';
const env = { runId: RUN_ID, now: new Date('2030-01-02T03:04:05Z'), randomSeed: () => 4242 };

const record = (kind: 'agent' | 'scenario', name: string, body: Record<string, unknown>, id = `00000000-0000-4000-8000-${String(name.length).padStart(12, '0')}`): TemplateRecord => ({
  id,
  kind,
  name,
  body,
  source: 'user',
  created_at: '2030-01-01T00:00:00Z',
  updated_at: '2030-01-01T00:00:00Z',
});

const actor = (name: string, extra: Record<string, unknown> = {}) => ({ name, engine_type: 'actor', persona: { role: `${name} role` }, ...extra });
const narrator = (name: string) => ({ name, engine_type: 'narrator', persona: { role: 'narrator' } });

function sources(agents: Record<string, unknown>[], scenarios: Record<string, unknown>[] = []): TemplateSources & { agentLookups: string[] } {
  const agentLookups: string[] = [];
  return {
    agentLookups,
    findAgent: async (ref) => {
      agentLookups.push(ref);
      const a = agents.find((x) => x.name === ref);
      return a ? record('agent', ref, a) : null;
    },
    findScenario: async (ref) => {
      const s = scenarios.find((x) => x.name === ref);
      return s ? record('scenario', ref, s, SCENARIO_ID) : null;
    },
  };
}

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const stored = {
  name: 'debate',
  opening_situation: 'Two people argue.',
  roles: { alice: { agent: 'alice' }, bob: { agent: 'bob' }, narrator: { agent: 'narr' }, critic: { agent: 'missing', required: false } },
};

describe('buildRunSpec', () => {
  it('resolves a stored scenario: roles in order, agent id = role, defaults filled, scenario id kept', async () => {
    const src = sources([actor('alice'), actor('bob'), narrator('narr')], [stored]);
    const { spec, scenarioId } = await buildRunSpec({ scenario: 'debate', name: 'first' }, src, env);
    expect(scenarioId).toBe(SCENARIO_ID);
    expect(spec.run_id).toBe(RUN_ID);
    expect(spec.name).toBe('first');
    expect(spec.created_at).toBe('2030-01-02T03:04:05.000Z');
    expect(spec.agents.map((a) => [a.id, a.template_name, a.engine_type])).toEqual([
      ['alice', 'alice', 'actor'],
      ['bob', 'bob', 'actor'],
      ['narrator', 'narr', 'narrator'],
    ]);
    expect(spec.scenario).toMatchObject({ id: SCENARIO_ID, name: 'debate', max_turns: 12, turn_policy: 'round_robin', context_window: 20 });
    expect(spec.agents[0]!.llm).toEqual({ provider: 'mock', model: 'mock-1', temperature: 0.7, max_tokens: 512 });
    expect(spec.seed).toBe(4242);
  });

  it('looks each agent template up once, however many roles use it', async () => {
    const src = sources([actor('extra')]);
    const roles = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`r${i}`, { agent: 'extra' }]));
    const { spec } = await buildRunSpec({ scenario: { name: 'crowd', opening_situation: 'x', roles } }, src, env);
    expect(spec.agents).toHaveLength(50);
    expect(src.agentLookups).toEqual(['extra']);
  });

  it('applies overrides, and forces only the llm fields the caller wrote', async () => {
    const src = sources([actor('alice', { llm: { provider: 'openai', model: 'gpt-x', temperature: 0.2 } }), actor('bob'), narrator('narr')], [stored]);
    const { spec } = await buildRunSpec(
      { scenario: 'debate', overrides: { seed: 7, max_turns: 3, timeout_seconds: 30, turn_policy: 'simultaneous', analysis_every_n_turns: 2, llm: { model: 'forced' } } },
      src,
      env,
    );
    expect(spec.seed).toBe(7);
    expect(spec.scenario).toMatchObject({ max_turns: 3, timeout_seconds: 30, turn_policy: 'simultaneous', analysis_every_n_turns: 2 });
    expect(spec.agents[0]!.llm).toEqual({ provider: 'openai', model: 'forced', temperature: 0.2, max_tokens: 512 });
    expect(spec.agents[1]!.llm.provider).toBe('mock');
    expect(spec.agents.every((a) => a.llm.model === 'forced')).toBe(true);
  });

  it("uses the template's seed when the request gives none", async () => {
    const src = sources([actor('alice'), actor('bob'), narrator('narr')], [{ ...stored, seed: 99 }]);
    expect((await buildRunSpec({ scenario: 'debate' }, src, env)).spec.seed).toBe(99);
    expect((await buildRunSpec({ scenario: 'debate', overrides: { seed: 5 } }, src, env)).spec.seed).toBe(5);
  });

  it('takes an inline scenario with inline agents as is (no scenario id)', async () => {
    const src = sources([]);
    const { spec, scenarioId } = await buildRunSpec(
      { scenario: { name: 'solo', opening_situation: 'alone', roles: { me: { agent: actor('me') } } } },
      src,
      env,
    );
    expect(scenarioId).toBeNull();
    expect(spec.scenario.id).toBeNull();
    expect(spec.agents.map((a) => a.id)).toEqual(['me']);
    expect(src.agentLookups).toEqual([]);
  });

  it('404s an unknown stored scenario with path "scenario"', async () => {
    const e = await failure(buildRunSpec({ scenario: 'nope' }, sources([]), env));
    expect(e.status).toBe(404);
    expect(e.details[0]!.path).toBe('scenario');
  });

  it('400s a missing required agent with the role path (stored and inline), leaves an optional one out', async () => {
    const stored400 = await failure(buildRunSpec({ scenario: 'debate' }, sources([actor('alice'), narrator('narr')], [stored]), env));
    expect(stored400.status).toBe(400);
    expect(stored400.details[0]!.path).toBe('roles.bob.agent');

    const inline400 = await failure(
      buildRunSpec({ scenario: { name: 's', opening_situation: 'x', roles: { hero: { agent: 'ghost' } } } }, sources([]), env),
    );
    expect(inline400.details[0]!.path).toBe('scenario.roles.hero.agent');

    const { spec } = await buildRunSpec({ scenario: 'debate' }, sources([actor('alice'), actor('bob'), narrator('narr')], [stored]), env);
    expect(spec.agents.find((a) => a.id === 'critic')).toBeUndefined();
  });

  it('checks the roster: an actor, at most one narrator and one analyst', async () => {
    const noActor = await failure(
      buildRunSpec({ scenario: { name: 's', opening_situation: 'x', roles: { n: { agent: narrator('n') } } } }, sources([]), env),
    );
    expect(noActor.details[0]!.path).toBe('scenario.roles');

    const twoNarrators = await failure(
      buildRunSpec(
        { scenario: { name: 's', opening_situation: 'x', roles: { a: { agent: actor('a') }, n1: { agent: narrator('n1') }, n2: { agent: narrator('n2') } } } },
        sources([]),
        env,
      ),
    );
    expect(twoNarrators.status).toBe(400);
    expect(twoNarrators.details.map((d) => d.path)).toEqual(['scenario.roles.n2.agent']);
  });

  it('needs max_turns >= actors for simultaneous turns, naming the field that set it', async () => {
    const roles = { a: { agent: actor('a') }, b: { agent: actor('b') }, c: { agent: actor('c') } };
    const inline = await failure(
      buildRunSpec({ scenario: { name: 's', opening_situation: 'x', roles, turn_policy: 'simultaneous', max_turns: 2 } }, sources([]), env),
    );
    expect(inline.details[0]!.path).toBe('scenario.max_turns');
    const override = await failure(
      buildRunSpec({ scenario: { name: 's', opening_situation: 'x', roles }, overrides: { turn_policy: 'simultaneous', max_turns: 2 } }, sources([]), env),
    );
    expect(override.details[0]!.path).toBe('overrides.max_turns');
    const stored = await failure(
      buildRunSpec({ scenario: 'sim' }, sources([], [{ name: 'sim', opening_situation: 'x', roles, turn_policy: 'simultaneous', max_turns: 2 }]), env),
    );
    expect(stored.details[0]!.path).toBe('max_turns');
  });

  it('400s an invalid body with field paths', async () => {
    const e = await failure(buildRunSpec({ scenario: { name: 's', opening_situation: 'x', roles: {}, max_turns: 0 } }, sources([]), env));
    expect(e.status).toBe(400);
    expect(e.details.map((d) => d.path)).toEqual(expect.arrayContaining(['scenario.max_turns', 'scenario.roles']));
    const unknown = await failure(buildRunSpec({ scenario: 'x', extra: 1 }, sources([]), env));
    expect(unknown.details).toEqual([{ path: 'extra', message: 'unknown field' }]);
  });
});
