import { describe, expect, it } from '@jest/globals';
import { actorTurns, makeSpec, simulate, types } from './fixtures.js';

const reverse = (n: number) => Array.from({ length: n }, (_, i) => n - 1 - i);

describe('simultaneous policy', () => {
  it('schedules every actor of a round at once, with the same transcript, then the narrator resolves the round', () => {
    const sim = simulate(makeSpec({ turn_policy: 'simultaneous', max_turns: 6 }));
    const round1 = sim.tasks.filter((t) => t.kind === 'actor.turn' && t.round === 1);
    expect(round1.map((t) => t.agent.id)).toEqual(['actor1', 'actor2', 'actor3']);
    expect(round1[1]!.transcript).toEqual(round1[0]!.transcript);
    expect(types(sim)).toEqual([
      'run.started', 'scene.opened',
      'actor.turn', 'actor.turn', 'actor.turn', 'round.resolved',
      'actor.turn', 'actor.turn', 'actor.turn', 'round.resolved',
      'analysis.report', 'run.completed',
    ]);
  });

  it('records a round in roster order whatever order the results arrive in', () => {
    const spec = makeSpec({ turn_policy: 'simultaneous', max_turns: 9 });
    const inOrder = simulate(spec);
    const reversed = simulate(spec, { shuffle: reverse });
    const strip = (s: typeof inOrder) => s.events.map(({ at: _at, ...e }) => e);
    expect(strip(reversed)).toEqual(strip(inOrder));
    expect(actorTurns(reversed).map((e) => e.agent_id)).toEqual(['actor1', 'actor2', 'actor3', 'actor1', 'actor2', 'actor3', 'actor1', 'actor2', 'actor3']);
  });

  it('never starts a round that would cross max_turns', () => {
    const sim = simulate(makeSpec({ turn_policy: 'simultaneous', max_turns: 7 }));
    expect(actorTurns(sim)).toHaveLength(6);
    expect(sim.events.at(-1)!.payload).toMatchObject({ reason: 'max_turns', turns: 6 });
  });

  it('writes a checkpoint when a round crosses a multiple of N', () => {
    const sim = simulate(makeSpec({ turn_policy: 'simultaneous', max_turns: 9, analysis_every_n_turns: 4 }));
    expect(sim.events.filter((e) => e.type === 'analysis.checkpoint').map((e) => e.payload.turn)).toEqual([6]);
  });
});
