import { describe, expect, it } from '@jest/globals';
import type { RunEvent } from '@scrai/contracts';
import { runEffectsOf } from '../src/run-event-effects.js';

const RUN = '5b1c8f0e-8a52-4a53-9d1e-3f4c2b6a7d10';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const at = (seq: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString();
const ev = (seq: number, type: RunEvent['type'], payload: Record<string, unknown> = {}, run = RUN): RunEvent => ({
  id: `${run}:${seq}`,
  run_id: run,
  seq,
  type,
  at: at(seq),
  agent_id: null,
  payload,
});

describe('runEffectsOf', () => {
  it('folds a run from start to completion into one effect', () => {
    const [fx, ...rest] = runEffectsOf([
      ev(1, 'run.started', { agents: [] }),
      ev(2, 'actor.turn', { turn: 1 }),
      ev(3, 'actor.turn', { turn: 2 }),
      ev(4, 'run.completed', { reason: 'max_turns', turns: 2, rounds: 1 }),
    ]);
    expect(rest).toEqual([]);
    expect(fx).toEqual({
      run_id: RUN,
      inserted: 4,
      first_at: at(1),
      max_turn: 2,
      started: { at: at(1), payload: { agents: [] } },
      terminal: { status: 'completed', end_reason: 'max_turns', error: null, at: at(4) },
      control: null,
    });
  });

  it('keeps runs apart and orders each run by seq whatever the batch order', () => {
    const effects = runEffectsOf([ev(3, 'actor.turn', { turn: 5 }), ev(2, 'actor.turn', { turn: 1 }, OTHER), ev(1, 'run.started')]);
    const byRun = Object.fromEntries(effects.map((f) => [f.run_id, f]));
    expect(byRun[RUN]!.inserted).toBe(2);
    expect(byRun[RUN]!.max_turn).toBe(5);
    expect(byRun[RUN]!.started?.at).toBe(at(1));
    expect(byRun[OTHER]!.inserted).toBe(1);
    expect(byRun[OTHER]!.started).toBeNull();
  });

  it('maps failed and stopped runs to their end reasons', () => {
    const [failed] = runEffectsOf([ev(9, 'run.failed', { error: 'llm unavailable', turns: 3, rounds: 1 })]);
    expect(failed!.terminal).toEqual({ status: 'failed', end_reason: 'error', error: 'llm unavailable', at: at(9) });
    expect(failed!.max_turn).toBe(3);
    const [stopped] = runEffectsOf([ev(9, 'run.stopped', { reason: 'stopped by user', turns: 0, rounds: 0 })]);
    expect(stopped!.terminal).toEqual({ status: 'stopped', end_reason: 'stopped', error: null, at: at(9) });
  });

  it('maps a run stopped by its budget to status budget_exceeded, its reason kept as the error', () => {
    const [fx] = runEffectsOf([ev(7, 'run.budget_exceeded', { reason: 'budget would be crossed', turns: 2, rounds: 1 })]);
    expect(fx!.terminal).toEqual({ status: 'budget_exceeded', end_reason: 'budget_exceeded', error: 'budget would be crossed', at: at(7) });
    expect(fx!.max_turn).toBe(2);
  });

  it('keeps the first terminal event of a run', () => {
    const [fx] = runEffectsOf([ev(6, 'run.stopped', { reason: 'x' }), ev(5, 'run.completed', { reason: 'timeout' })]);
    expect(fx!.terminal?.status).toBe('completed');
    expect(fx!.terminal?.end_reason).toBe('timeout');
  });

  it('ignores payload fields of the wrong type instead of failing', () => {
    const [fx] = runEffectsOf([ev(2, 'actor.turn', { turn: 'two' }), ev(3, 'run.completed', { reason: 7, turns: null })]);
    expect(fx!.max_turn).toBeNull();
    expect(fx!.terminal?.end_reason).toBeNull();
  });

  it('returns nothing for an empty batch', () => {
    expect(runEffectsOf([])).toEqual([]);
  });
});
