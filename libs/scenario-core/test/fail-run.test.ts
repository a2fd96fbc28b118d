import { describe, expect, it } from '@jest/globals';
import { decide, failRun } from '../src/index.js';
import { makeSpec, RUN_ID } from './fixtures.js';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('failRun (a failure from outside the scenario)', () => {
  it('ends a running run failed: the reason, nothing pending, run.failed next in the log', () => {
    const spec = makeSpec({ turn_policy: 'simultaneous' });
    const started = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now });
    const before = structuredClone(started.state);
    const d = failRun(started.state, spec, 'run state too large', { now: now + 5 });
    expect(started.state).toEqual(before); // the input state is left alone
    expect(d.changed).toBe(true);
    expect(d.state).toMatchObject({ status: 'failed', phase: 'done', end_reason: 'error', error: 'run state too large', pending: {}, buffered: {} });
    expect(d.commands).toEqual([
      {
        type: 'emit',
        event: expect.objectContaining({ seq: started.state.next_event_seq, type: 'run.failed', at: '2026-01-01T00:00:00.005Z', payload: { error: 'run state too large', turns: 0, rounds: 0 } }),
      },
    ]);
  });

  it('leaves an ended run as it is', () => {
    const spec = makeSpec();
    const started = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now });
    const stopped = decide(started.state, { kind: 'stop', run_id: RUN_ID, reason: 'enough' }, spec, { now });
    expect(failRun(stopped.state, spec, 'late', { now })).toEqual({ state: stopped.state, commands: [], changed: false });
  });
});
