import { describe, expect, it } from '@jest/globals';
import type { RunEvent } from '@scrai/contracts';
import { runEffectsOf } from '../src/run-event-effects.js';

const RUN = '5b1c8f0e-8a52-4a53-9d1e-3f4c2b6a7d10';
const ev = (seq: number, type: RunEvent['type'], payload: Record<string, unknown> = {}): RunEvent => ({
  id: `${RUN}:${seq}`,
  run_id: RUN,
  seq,
  type,
  at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
  agent_id: null,
  payload,
});

describe('runEffectsOf: pause and resume', () => {
  it('leaves the status of the last run.paused / run.resumed of the batch, with its seq', () => {
    const [fx] = runEffectsOf([ev(5, 'run.resumed'), ev(3, 'run.paused', { reason: 'x' }), ev(4, 'run.injected'), ev(7, 'run.paused')]);
    expect(fx!.control).toEqual({ status: 'paused', seq: 7 });
    const [again] = runEffectsOf([ev(3, 'run.paused'), ev(5, 'run.resumed')]);
    expect(again!.control).toEqual({ status: 'running', seq: 5 });
  });

  it('has no control effect without pause or resume; an injection is only stored', () => {
    const [fx] = runEffectsOf([ev(2, 'actor.turn', { turn: 1 }), ev(3, 'run.injected', { kind: 'user_message' })]);
    expect(fx!.control).toBeNull();
    expect(fx!.inserted).toBe(2);
    expect(fx!.terminal).toBeNull();
  });
});
