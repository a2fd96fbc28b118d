import { describe, expect, it } from '@jest/globals';
import type { EngineTask, RunFork, RunSpec } from '@scrai/contracts';
import { actorTurns, makeSpec, simulate, type Simulation } from './fixtures.js';

const SOURCE_ID = '00000000-0000-4000-8000-0000000000f0';

/** The spec of a fork of `spec` (POST /runs/{id}/fork builds the same from the stored source spec). */
const forkOf = (spec: RunSpec, fork: Omit<RunFork, 'source_run_id'>, scenario: Partial<RunSpec['scenario']> = {}): RunSpec => ({
  ...spec,
  scenario: { ...spec.scenario, ...scenario },
  fork: { source_run_id: SOURCE_ID, ...fork },
});

/** Where an actor's task comes in the run: the turn it takes (1-based), or for other kinds the turns taken. */
const taskTurn = (t: EngineTask) => (t.kind === 'actor.turn' ? t.turn + 1 : t.turn);
const turnPayloads = (sim: Simulation) => actorTurns(sim).map((e) => ({ agent: e.agent_id, ...e.payload }));

describe('fork: changes take effect after the fork point', () => {
  it('round robin: tasks up to from_turn equal the source, later tasks use the changed seed and agent', () => {
    const spec = makeSpec({ max_turns: 9 });
    const source = simulate(spec);
    const fork = simulate(forkOf(spec, { from_turn: 4, changes: [{ from_turn: 4, seed: 7, agents: { actor2: { persona: { role: 'heckler' } } } }] }));

    // `turn`: the turns taken before the task (an actor's task takes turn + 1)
    const cut = (sim: Simulation) => sim.tasks.filter((t) => t.turn < 4);
    expect(cut(fork)).toEqual(cut(source));
    expect(turnPayloads(fork).slice(0, 4)).toEqual(turnPayloads(source).slice(0, 4));

    const after = fork.tasks.filter((t) => !cut(fork).includes(t));
    const sourceAfter = source.tasks.filter((t) => !cut(source).includes(t));
    expect(after.length).toBeGreaterThan(0);
    after.forEach((t, i) => expect(t.seed).not.toBe(sourceAfter[i]!.seed));
    // turn 5 is actor2's: its persona changed; everyone sees its new role
    const turn5 = after.find((t) => t.kind === 'actor.turn' && taskTurn(t) === 5)!;
    expect(turn5.agent).toMatchObject({ id: 'actor2', persona: { role: 'heckler', goals: [] } });
    expect(after.every((t) => t.participants.find((p) => p.id === 'actor2')!.role === 'heckler')).toBe(true);
    expect(cut(fork).every((t) => t.participants.find((p) => p.id === 'actor2')!.role === 'actor2')).toBe(true);
    expect(turnPayloads(fork).slice(4)).not.toEqual(turnPayloads(source).slice(4));
  });

  it('the narrator and analyst tasks use the changes once from_turn turns are taken', () => {
    const spec = makeSpec({ max_turns: 6, analysis_every_n_turns: 3 });
    const fork = simulate(forkOf(spec, { from_turn: 3, changes: [{ from_turn: 3, llm: { temperature: 0 } }] }));
    const temperatureOf = (kind: EngineTask['kind'], turn: number) => fork.tasks.find((t) => t.kind === kind && t.turn === turn)!.agent.llm.temperature;
    expect(temperatureOf('scene.open', 0)).toBe(0.7);
    expect(temperatureOf('actor.turn', 2)).toBe(0.7); // turn 3
    expect(temperatureOf('analysis.checkpoint', 3)).toBe(0);
    expect(temperatureOf('round.resolve', 3)).toBe(0);
    expect(temperatureOf('actor.turn', 3)).toBe(0); // turn 4
    expect(temperatureOf('analysis.report', 6)).toBe(0);
  });

  it('from_turn 0 changes every task, the scene opening included', () => {
    const spec = makeSpec();
    const fork = simulate(forkOf(spec, { from_turn: 0, changes: [{ from_turn: 0, seed: 9 }] }));
    const source = simulate(spec);
    fork.tasks.forEach((t, i) => expect(t.seed).not.toBe(source.tasks[i]!.seed));
  });

  it('simultaneous: the cut falls inside a round, after the actors whose turns come first', () => {
    const spec = makeSpec({ turn_policy: 'simultaneous', max_turns: 6 });
    const source = simulate(spec);
    const fork = simulate(forkOf(spec, { from_turn: 2, changes: [{ from_turn: 2, seed: 1234 }] }));
    const round1 = (sim: Simulation) => sim.tasks.filter((t) => t.kind === 'actor.turn' && t.round === 1);
    expect(round1(fork).map((t) => t.agent.id)).toEqual(['actor1', 'actor2', 'actor3']);
    expect(round1(fork).slice(0, 2)).toEqual(round1(source).slice(0, 2));
    expect(round1(fork)[2]!.seed).not.toBe(round1(source)[2]!.seed);
    expect(turnPayloads(fork).slice(0, 2)).toEqual(turnPayloads(source).slice(0, 2));
    expect(turnPayloads(fork)[2]).not.toEqual(turnPayloads(source)[2]);
  });

  it("a changed max_turns: the run uses it, tasks before the cut are told the source's", () => {
    const spec = makeSpec({ max_turns: 6 });
    const source = simulate(spec);
    const fork = simulate(forkOf(spec, { from_turn: 3, original_max_turns: 6, changes: [{ from_turn: 3, max_turns: 9 }] }, { max_turns: 9 }));
    const before = (sim: Simulation) => sim.tasks.filter((t) => t.turn < 3);
    expect(before(fork)).toEqual(before(source));
    expect(before(fork).every((t) => t.max_turns === 6 && t.max_rounds === 2)).toBe(true);
    const after = fork.tasks.filter((t) => t.turn >= 3);
    expect(after.every((t) => t.max_turns === 9 && t.max_rounds === 3)).toBe(true);
    expect(actorTurns(fork)).toHaveLength(9);
  });

  it("applies changes in order: a fork of a fork keeps its source's earlier change; an agent's own llm wins over the forced one", () => {
    const spec = makeSpec({ max_turns: 9 });
    const fork = simulate(
      forkOf(spec, {
        from_turn: 5,
        changes: [
          { from_turn: 2, llm: { temperature: 0.1, model: 'mock-2' }, agents: { actor1: { persona: { goals: ['win'] } } } },
          { from_turn: 5, agents: { actor1: { llm: { temperature: 1.5 } } }, seed: 3 },
        ],
      }),
    );
    const actorTask = (turn: number) => fork.tasks.find((t) => t.kind === 'actor.turn' && taskTurn(t) === turn)!;
    expect(actorTask(1).agent).toMatchObject({ llm: { model: 'mock-1', temperature: 0.7 }, persona: { goals: [] } });
    expect(actorTask(4).agent).toMatchObject({ id: 'actor1', llm: { model: 'mock-2', temperature: 0.1 }, persona: { goals: ['win'] } });
    expect(actorTask(7).agent).toMatchObject({ id: 'actor1', llm: { model: 'mock-2', temperature: 1.5, max_tokens: 256 }, persona: { role: 'actor1', goals: ['win'] } });
    expect(actorTask(8).agent).toMatchObject({ id: 'actor2', llm: { model: 'mock-2', temperature: 0.1 } });
  });
});
