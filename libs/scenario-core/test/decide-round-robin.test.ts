import { describe, expect, it } from '@jest/globals';
import { actorTurns, makeSpec, simulate, types } from './fixtures.js';

describe('round_robin policy', () => {
  it('opens with the narrator, lets actors act one at a time in roster order, resolves each round, reports, completes', () => {
    const sim = simulate(makeSpec({ max_turns: 6 }));
    expect(types(sim)).toEqual([
      'run.started',
      'scene.opened',
      'actor.turn', 'actor.turn', 'actor.turn', 'round.resolved',
      'actor.turn', 'actor.turn', 'actor.turn', 'round.resolved',
      'analysis.report',
      'run.completed',
    ]);
    expect(actorTurns(sim).map((e) => e.agent_id)).toEqual(['actor1', 'actor2', 'actor3', 'actor1', 'actor2', 'actor3']);
    expect(sim.events.at(-1)!.payload).toEqual({ reason: 'max_turns', turns: 6, rounds: 2 });
    expect(sim.state.status).toBe('completed');
  });

  it('gives each actor the transcript so far: the second actor sees the first one’s turn', () => {
    const sim = simulate(makeSpec({ max_turns: 3 }));
    const actorTasks = sim.tasks.filter((t) => t.kind === 'actor.turn');
    expect(actorTasks).toHaveLength(3);
    expect(actorTasks[0]!.transcript.some((e) => e.agent_id === 'actor1' && e.kind.startsWith('actor.'))).toBe(false);
    expect(actorTasks[1]!.transcript.some((e) => e.agent_id === 'actor1' && e.kind === 'actor.speak')).toBe(true);
    expect(actorTasks[2]!.transcript.filter((e) => e.kind === 'actor.speak').map((e) => e.agent_id)).toEqual(['actor1', 'actor2']);
  });

  it('schedules exactly one task at a time', () => {
    const sim = simulate(makeSpec({ max_turns: 6 }));
    // every decision schedules at most one task in round robin
    const seqs = sim.tasks.map((t) => t.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('ends the round mid-way when max_turns is reached, without a resolution', () => {
    const sim = simulate(makeSpec({ max_turns: 4 }));
    expect(actorTurns(sim)).toHaveLength(4);
    expect(types(sim).slice(-3)).toEqual(['actor.turn', 'analysis.report', 'run.completed']);
  });

  it('works without narrator and analyst: the situation opens, the run completes', () => {
    const sim = simulate(makeSpec({ max_turns: 2 }, { actors: 2, narrator: false, analyst: false }));
    expect(types(sim)).toEqual(['run.started', 'actor.turn', 'actor.turn', 'run.completed']);
    expect(sim.tasks[0]!.transcript[0]).toMatchObject({ kind: 'situation', text: 'A room.' });
  });

  it('writes an analyst checkpoint every N turns, but not at the very end (the report covers it)', () => {
    const sim = simulate(makeSpec({ max_turns: 6, analysis_every_n_turns: 2 }));
    const cps = sim.events.filter((e) => e.type === 'analysis.checkpoint');
    expect(cps.map((e) => e.payload.turn)).toEqual([2, 4]);
    expect(sim.events.filter((e) => e.type === 'analysis.report')).toHaveLength(1);
    // the checkpoint comes right after the turn that made it due
    const i = types(sim).indexOf('analysis.checkpoint');
    expect(sim.events[i - 1]!.payload.turn).toBe(2);
  });

  it('keeps thoughts private: other actors do not see them, the analyst does', () => {
    const sim = simulate(makeSpec({ max_turns: 3 }), {
      answer: (t) =>
        t.kind === 'actor.turn'
          ? { action: t.agent.id === 'actor1' ? 'think' : 'speak', content: `${t.agent.id} line` }
          : t.kind === 'analysis.report'
            ? { report: 'r' }
            : t.kind === 'analysis.checkpoint'
              ? { summary: 's' }
              : { narration: 'n', scene_concluded: false },
    });
    const actor2 = sim.tasks.find((t) => t.kind === 'actor.turn' && t.agent.id === 'actor2')!;
    expect(actor2.transcript.some((e) => e.agent_id === 'actor1')).toBe(false);
    const report = sim.tasks.find((t) => t.kind === 'analysis.report')!;
    expect(report.transcript.some((e) => e.agent_id === 'actor1' && e.kind === 'actor.think')).toBe(true);
  });
});
