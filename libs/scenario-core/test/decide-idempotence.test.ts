import { describe, expect, it } from '@jest/globals';
import { decide } from '../src/index.js';
import { RUN_ID, makeSpec, simulate } from './fixtures.js';

describe('determinism and idempotence', () => {
  it('the same spec and seed give the same event log and the same tasks', () => {
    const a = simulate(makeSpec({ max_turns: 9, analysis_every_n_turns: 3 }));
    const b = simulate(makeSpec({ max_turns: 9, analysis_every_n_turns: 3 }));
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    expect(JSON.stringify(b.tasks)).toBe(JSON.stringify(a.tasks));
  });

  it('a different seed changes the task seeds (and so the model answers)', () => {
    const a = simulate(makeSpec({}, { seed: 1 }));
    const b = simulate(makeSpec({}, { seed: 2 }));
    expect(a.tasks.map((t) => t.seed)).not.toEqual(b.tasks.map((t) => t.seed));
    expect(new Set(a.tasks.map((t) => t.seed)).size).toBe(a.tasks.length);
  });

  it('a duplicate result changes nothing and emits nothing', () => {
    const spec = makeSpec();
    const s0 = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now: 0 });
    const input = { kind: 'task_result' as const, run_id: RUN_ID, seq: 1, engine_id: 'e', output: { narration: 'Dawn.', scene_concluded: false }, usage: null };
    const s1 = decide(s0.state, input, spec, { now: 1 });
    expect(s1.changed).toBe(true);
    const again = decide(s1.state, input, spec, { now: 2 });
    expect(again).toEqual({ state: s1.state, commands: [], changed: false });
  });

  it('never mutates the state it is given', () => {
    const spec = makeSpec();
    const s0 = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now: 0 });
    const frozen = JSON.stringify(s0.state);
    decide(s0.state, { kind: 'task_result', run_id: RUN_ID, seq: 1, engine_id: 'e', output: { narration: 'x', scene_concluded: false }, usage: null }, spec, { now: 1 });
    expect(JSON.stringify(s0.state)).toBe(frozen);
  });

  it('event seqs are gap-free and event ids are run:seq', () => {
    const sim = simulate(makeSpec({ turn_policy: 'simultaneous', max_turns: 9, analysis_every_n_turns: 3 }));
    sim.events.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      expect(e.id).toBe(`${RUN_ID}:${i + 1}`);
    });
  });
});
