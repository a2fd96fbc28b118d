import { describe, expect, it } from '@jest/globals';
import { DomainError, forkRunRequestSchema, parseOrThrow, type RunAgent, type RunRecord, type RunSpec } from '@scrai/contracts';
import { forkSpecOf } from '../src/runs/fork-spec.js';

const SOURCE = '00000000-0000-4000-8000-000000000001';
const FORK = '00000000-0000-4000-8000-000000000002';
const env = { runId: FORK, now: new Date('2030-01-02T03:04:05Z') };

const agent = (id: string, engine_type: RunAgent['engine_type']): RunAgent =>
  ({
    id,
    template_name: id,
    engine_type,
    persona: { role: `${id} role`, backstory: '', goals: [], traits: {}, instructions: [], constraints: [] },
    llm: { provider: 'mock', model: 'mock-1', temperature: 0.7, max_tokens: 256 },
    settings: {},
  }) as RunAgent;

const sourceSpec: RunSpec = {
  run_id: SOURCE,
  name: null,
  scenario: {
    id: null,
    name: 'debate',
    description: '',
    opening_situation: 'A hall.',
    turn_policy: 'round_robin',
    max_turns: 12,
    timeout_seconds: 600,
    analysis_every_n_turns: 0,
    completion_conditions: [],
    context_window: 20,
  },
  seed: 42,
  agents: [agent('mayor', 'actor'), agent('activist', 'actor'), agent('narrator', 'narrator')],
  created_at: '2030-01-01T00:00:00.000Z',
};

const record = (over: Partial<RunRecord> = {}): RunRecord => ({
  id: SOURCE,
  name: null,
  scenario_name: 'debate',
  status: 'completed',
  seed: 42,
  turn_count: 12,
  event_count: 30,
  end_reason: 'max_turns',
  error: null,
  created_at: '2030-01-01T00:00:00Z',
  started_at: '2030-01-01T00:00:00Z',
  ended_at: '2030-01-01T00:01:00Z',
  ...over,
});

const fork = (body: unknown, stored: unknown = sourceSpec, source = record()) => forkSpecOf(stored, source, parseOrThrow(forkRunRequestSchema, body), env);

function failure(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('forkSpecOf', () => {
  it("keeps the source's scenario, seed and agents, under a new id and name, with the cache read_write and the fork recorded", () => {
    const spec = fork({ from_turn: 3, overrides: { seed: 7, agents: { mayor: { persona: { goals: ['resign'] }, llm: { temperature: 0.1 } } } } });
    expect(spec).toMatchObject({ run_id: FORK, name: `fork of ${SOURCE} at turn 3`, seed: 42, agents: sourceSpec.agents, created_at: '2030-01-02T03:04:05.000Z' });
    expect(spec.scenario).toEqual({ ...sourceSpec.scenario, llm_cache: 'read_write' });
    expect(spec.fork).toEqual({
      source_run_id: SOURCE,
      from_turn: 3,
      changes: [{ from_turn: 3, seed: 7, agents: { mayor: { persona: { goals: ['resign'] }, llm: { temperature: 0.1 } } } }],
    });
  });

  it('applies max_turns, timeout and budget to the whole fork; tasks before the fork point are still told the source max_turns', () => {
    const spec = fork({ from_turn: 4, overrides: { max_turns: 20, timeout_seconds: 60, budget: { max_tokens: 1000 }, llm: { model: 'mock-2' } } });
    expect(spec.scenario).toMatchObject({ max_turns: 20, timeout_seconds: 60, budget: { max_tokens: 1000 } });
    expect(spec.fork).toEqual({ source_run_id: SOURCE, from_turn: 4, original_max_turns: 12, changes: [{ from_turn: 4, max_turns: 20, llm: { model: 'mock-2' } }] });
  });

  it("a fork of a fork keeps the source's changes made before the new fork point and drops later ones", () => {
    const first = fork({ from_turn: 2, overrides: { max_turns: 16, seed: 1 } });
    const second = fork({ from_turn: 5, overrides: { seed: 2 } }, first, record({ id: FORK, turn_count: 16 }));
    expect(second.fork).toEqual({
      source_run_id: FORK,
      from_turn: 5,
      original_max_turns: 12,
      changes: [{ from_turn: 2, seed: 1, max_turns: 16 }, { from_turn: 5, seed: 2 }],
    });
    const earlier = fork({ from_turn: 1, overrides: {} }, first, record({ id: FORK, turn_count: 16 }));
    // max_turns 16 is the fork's own now: turns before 1 were told 12, later tasks 16
    expect(earlier.fork).toEqual({ source_run_id: FORK, from_turn: 1, original_max_turns: 12, changes: [{ from_turn: 1, max_turns: 16 }] });
    expect(earlier.scenario.max_turns).toBe(16);
  });

  it('accepts a source still running that already has from_turn turns', () => {
    expect(fork({ from_turn: 2 }, sourceSpec, record({ status: 'running', turn_count: 2 })).fork?.from_turn).toBe(2);
  });

  it('409 for a fork point the source has not reached, naming its turn count', () => {
    const e = failure(() => fork({ from_turn: 5 }, sourceSpec, record({ status: 'running', turn_count: 4 })));
    expect(e.status).toBe(409);
    expect(e.message).toBe(`run ${SOURCE} has 4 turns so far; from_turn must be at most 4`);
    expect(e.details).toEqual([{ path: 'from_turn', message: 'at most 4' }]);
  });

  it('400 naming the field for a max_turns not above from_turn and for an agent the run does not have', () => {
    const max = failure(() => fork({ from_turn: 6, overrides: { max_turns: 6 } }));
    expect(max.status).toBe(400);
    expect(max.details).toEqual([{ path: 'overrides.max_turns', message: 'must be greater than from_turn (6)' }]);
    const who = failure(() => fork({ from_turn: 1, overrides: { agents: { mayor: {}, ghost: { llm: { temperature: 1 } } } } }));
    expect(who.status).toBe(400);
    expect(who.details).toEqual([{ path: 'overrides.agents.ghost', message: `run ${SOURCE} has no agent "ghost" (agents: mayor, activist, narrator)` }]);
  });

  it('400 with field paths for a malformed body', () => {
    const e = failure(() => parseOrThrow(forkRunRequestSchema, { from_turn: -1, overrides: { agents: { mayor: { persona: { role: 7 } } }, llm: { temperature: 9 }, colour: 'x' } }));
    expect(e.status).toBe(400);
    expect(e.details.map((d) => d.path).sort()).toEqual(['from_turn', 'overrides.agents.mayor.persona.role', 'overrides.colour', 'overrides.llm.temperature']);
  });

  it('409 without a stored spec, and for a source that ran with the cache off (except from turn 0)', () => {
    expect(failure(() => fork({ from_turn: 0 }, { source: 'events' })).status).toBe(409);
    const off = { ...sourceSpec, scenario: { ...sourceSpec.scenario, llm_cache: 'off' as const } };
    expect(failure(() => fork({ from_turn: 3 }, off)).message).toMatch(/ran with llm_cache off/);
    expect(fork({ from_turn: 0 }, off).scenario.llm_cache).toBe('read_write');
  });
});
