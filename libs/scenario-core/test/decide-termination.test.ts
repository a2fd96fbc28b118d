import { describe, expect, it } from '@jest/globals';
import { decide } from '../src/index.js';
import { RUN_ID, actorTurns, defaultAnswer, makeSpec, simulate, types } from './fixtures.js';

describe('termination rules', () => {
  it('max_turns: never more actor turns than max_turns', () => {
    for (const max of [1, 2, 5, 9]) {
      const sim = simulate(makeSpec({ max_turns: max }));
      expect(actorTurns(sim)).toHaveLength(max);
      expect(sim.events.at(-1)).toMatchObject({ type: 'run.completed', payload: { reason: 'max_turns', turns: max } });
    }
  });

  it('narrator_concludes: the run wraps up after the narrator declares the scene concluded', () => {
    const sim = simulate(makeSpec({ max_turns: 30 }), {
      answer: (t) => (t.kind === 'round.resolve' ? { narration: 'The hall empties.', scene_concluded: t.round >= 2 } : defaultAnswer(t)),
    });
    expect(actorTurns(sim)).toHaveLength(6);
    expect(types(sim).slice(-3)).toEqual(['round.resolved', 'analysis.report', 'run.completed']);
    expect(sim.events.at(-1)!.payload.reason).toBe('narrator_concluded');
  });

  it('a concluded scene does not end the run when the condition is not listed', () => {
    const sim = simulate(makeSpec({ max_turns: 6, completion_conditions: [] }), {
      answer: (t) => (t.kind === 'round.resolve' ? { narration: 'n', scene_concluded: true } : defaultAnswer(t)),
    });
    expect(sim.events.at(-1)!.payload.reason).toBe('max_turns');
  });

  it('all_actors_done: actors who are done stop acting; the run ends when every actor is done', () => {
    const sim = simulate(makeSpec({ max_turns: 30 }), {
      answer: (t) =>
        t.kind === 'actor.turn'
          ? { action: t.agent.id === 'actor1' || t.round >= 2 ? 'done' : 'speak', content: `${t.agent.id} r${t.round}` }
          : defaultAnswer(t),
    });
    expect(actorTurns(sim).map((e) => `${e.agent_id}:${e.payload.action}`)).toEqual([
      'actor1:done', 'actor2:speak', 'actor3:speak',
      'actor2:done', 'actor3:done',
    ]);
    expect(sim.events.at(-1)!.payload.reason).toBe('all_actors_done');
  });

  it('phrase: a line containing the phrase ends the run', () => {
    const sim = simulate(makeSpec({ max_turns: 30, completion_conditions: [{ type: 'phrase', phrase: 'We Have A Deal' }] }, { actors: 2 }), {
      answer: (t) => (t.kind === 'actor.turn' ? { action: 'speak', content: t.turn >= 2 ? 'fine, we have a deal.' : 'no.' } : defaultAnswer(t)),
    });
    expect(actorTurns(sim)).toHaveLength(3);
    expect(sim.events.at(-1)!.payload.reason).toBe('phrase');
  });

  it('timeout_seconds: the first input after the deadline completes the run with reason timeout, no further tasks', () => {
    const sim = simulate(makeSpec({ max_turns: 30, timeout_seconds: 5 }), { stepMs: 2000 });
    expect(sim.events.at(-1)).toMatchObject({ type: 'run.completed', payload: { reason: 'timeout' } });
    expect(sim.state.status).toBe('completed');
    expect(Object.keys(sim.state.pending)).toHaveLength(0);
    expect(actorTurns(sim).length).toBeLessThan(30);
  });

  it('a timeout input before the deadline changes nothing; after it, the run ends', () => {
    const spec = makeSpec({ timeout_seconds: 10 });
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const started = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now: t0 });
    const early = decide(started.state, { kind: 'timeout', run_id: RUN_ID }, spec, { now: t0 + 5_000 });
    expect(early.changed).toBe(false);
    const late = decide(started.state, { kind: 'timeout', run_id: RUN_ID }, spec, { now: t0 + 10_000 });
    expect(late.changed).toBe(true);
    expect(late.commands).toEqual([expect.objectContaining({ type: 'emit', event: expect.objectContaining({ type: 'run.completed', payload: expect.objectContaining({ reason: 'timeout' }) }) })]);
  });

  it('stop: the run is stopped, late results change nothing, a second stop changes nothing', () => {
    const spec = makeSpec();
    const now = Date.parse('2026-01-01T00:00:00Z');
    const started = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now });
    const stopped = decide(started.state, { kind: 'stop', run_id: RUN_ID, reason: 'enough' }, spec, { now });
    expect(stopped.state.status).toBe('stopped');
    expect(stopped.commands[0]).toMatchObject({ type: 'emit', event: { type: 'run.stopped', payload: { reason: 'enough' } } });
    const late = decide(stopped.state, { kind: 'task_result', run_id: RUN_ID, seq: 1, engine_id: 'e', output: { narration: 'x' }, usage: null }, spec, { now });
    expect(late.changed).toBe(false);
    expect(decide(stopped.state, { kind: 'stop', run_id: RUN_ID, reason: 'again' }, spec, { now }).changed).toBe(false);
  });

  it('a stop that overtakes the start leaves the run stopped; the late start changes nothing', () => {
    const spec = makeSpec();
    const now = 0;
    const stopped = decide(undefined, { kind: 'stop', run_id: RUN_ID, reason: 'early' }, undefined, { now });
    expect(stopped.state.status).toBe('stopped');
    expect(stopped.commands).toHaveLength(1);
    expect(decide(stopped.state, { kind: 'start', run_id: RUN_ID, spec }, spec, { now }).changed).toBe(false);
  });

  it('a failed task fails the run with its reason', () => {
    const spec = makeSpec();
    const s0 = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now: 0 });
    const failed = decide(s0.state, { kind: 'task_failed', run_id: RUN_ID, seq: 1, engine_id: 'e', error: { code: 'provider_not_configured', message: 'no openai' } }, spec, { now: 1 });
    expect(failed.state.status).toBe('failed');
    expect(failed.commands[0]).toMatchObject({ event: { type: 'run.failed', payload: { error: 'provider_not_configured: no openai' } } });
  });

  it('an output that breaks its schema fails the run instead of corrupting it', () => {
    const spec = makeSpec();
    const s0 = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now: 0 });
    const bad = decide(s0.state, { kind: 'task_result', run_id: RUN_ID, seq: 1, engine_id: 'e', output: { wrong: true }, usage: null }, spec, { now: 1 });
    expect(bad.state.status).toBe('failed');
  });
});
