import { describe, expect, it } from '@jest/globals';
import type { EngineTask, RunEvent, RunSpec } from '@scrai/contracts';
import { decide, type Command, type RunState } from '../src/index.js';
import { RUN_ID, defaultAnswer, makeSpec } from './fixtures.js';

/** Fails a task when it returns true: the engine dead-lettered it and told the run. */
type FailWhen = (t: EngineTask) => boolean;

interface Run {
  state: RunState;
  events: RunEvent[];
  tasks: EngineTask[];
}

const error = { code: 'dead_letter', message: 'max_deliveries: llm down (delivery 5)' };
const REASON = `${error.code}: ${error.message}`;

/** Drives decide() to the end like fixtures' simulate(), answering the failing tasks with task_failed. */
function run(spec: RunSpec, failWhen: FailWhen, o: { reverse?: boolean } = {}): Run {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const first = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now });
  const r: Run = { state: first.state, events: [], tasks: [] };
  let queue: EngineTask[] = [];
  const take = (cmds: Command[]) => {
    for (const c of cmds) {
      if (c.type === 'emit') r.events.push(c.event);
      else {
        r.tasks.push(c.task);
        queue.push(c.task);
      }
    }
  };
  take(first.commands);
  for (let step = 0; step < 1000 && queue.length > 0; step++) {
    const batch = o.reverse ? [...queue].reverse() : queue;
    queue = [];
    for (const t of batch) {
      now += 1000;
      const input = failWhen(t)
        ? ({ kind: 'task_failed', run_id: RUN_ID, seq: t.seq, engine_id: 'e1', error } as const)
        : ({ kind: 'task_result', run_id: RUN_ID, seq: t.seq, engine_id: 'e1', output: defaultAnswer(t), usage: null } as const);
      const d = decide(r.state, input, spec, { now });
      r.state = d.state;
      take(d.commands);
    }
  }
  return r;
}

const types = (r: Run) => r.events.map((e) => e.type);
const turns = (r: Run) => r.events.filter((e) => e.type === 'actor.turn');
const firstTurnOf = (agent: string) => (t: EngineTask) => t.kind === 'actor.turn' && t.agent.id === agent && t.round === 1;

describe('on_task_failure: fail (the default)', () => {
  it('fails the run with the reason and schedules nothing more, as before the setting existed', () => {
    for (const spec of [makeSpec(), makeSpec({ on_task_failure: 'fail' })]) {
      const r = run(spec, firstTurnOf('actor2'));
      expect(r.state.status).toBe('failed');
      expect(r.state.error).toBe(REASON);
      expect(r.events.at(-1)).toMatchObject({ type: 'run.failed', payload: { error: REASON, turns: 1 } });
      expect(Object.keys(r.state.pending)).toEqual([]);
      expect(r.tasks.at(-1)).toMatchObject({ kind: 'actor.turn', agent: { id: 'actor2' } });
    }
  });

  it('ignores a failure of a task the run no longer waits for', () => {
    const spec = makeSpec();
    const start = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now: 0 });
    const late = decide(start.state, { kind: 'task_failed', run_id: RUN_ID, seq: 99, engine_id: 'e', error }, spec, { now: 1 });
    expect(late.changed).toBe(false);
  });
});

describe('on_task_failure: skip_turn', () => {
  it('round robin: records turn.skipped for the actor and goes on with the next one; the skipped turn is used up', () => {
    const r = run(makeSpec({ on_task_failure: 'skip_turn', max_turns: 6 }), firstTurnOf('actor2'));
    expect(r.state.status).toBe('completed');
    const skipped = r.events.filter((e) => e.type === 'turn.skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ agent_id: 'actor2', payload: { agent: 'actor2', task: 'actor.turn', reason: REASON, round: 1, turn: 2 } });
    expect(types(r).slice(0, 6)).toEqual(['run.started', 'scene.opened', 'actor.turn', 'turn.skipped', 'actor.turn', 'round.resolved']);
    expect(turns(r).map((e) => `${e.payload.turn}:${e.agent_id}`)).toEqual(['1:actor1', '3:actor3', '4:actor1', '5:actor2', '6:actor3']);
    expect(r.state.turns_by_agent).toEqual({ actor1: 2, actor2: 1, actor3: 2 });
    expect(r.events.at(-1)).toMatchObject({ type: 'run.completed', payload: { reason: 'max_turns', turns: 6 } });
  });

  it('a run whose only active actor always fails still ends at max_turns', () => {
    const r = run(makeSpec({ on_task_failure: 'skip_turn', max_turns: 5, completion_conditions: [] }, { actors: 1, narrator: false, analyst: false }), (t) => t.kind === 'actor.turn');
    expect(r.state.status).toBe('completed');
    expect(types(r)).toEqual(['run.started', ...Array<string>(5).fill('turn.skipped'), 'run.completed']);
    expect(r.events.at(-1)).toMatchObject({ payload: { reason: 'max_turns', turns: 5, rounds: 5 } });
  });

  it('simultaneous: the round completes without the skipped actor, the others in roster order, whatever the arrival order', () => {
    const spec = makeSpec({ on_task_failure: 'skip_turn', turn_policy: 'simultaneous', max_turns: 6 });
    for (const reverse of [false, true]) {
      const r = run(spec, firstTurnOf('actor2'), { reverse });
      expect(r.state.status).toBe('completed');
      const round1 = r.events.filter((e) => e.payload.round === 1 && (e.type === 'actor.turn' || e.type === 'turn.skipped'));
      expect(round1.map((e) => `${e.type}:${e.agent_id}`).sort()).toEqual(['actor.turn:actor1', 'actor.turn:actor3', 'turn.skipped:actor2']);
      expect(turns(r).filter((e) => e.payload.round === 1).map((e) => e.agent_id)).toEqual(['actor1', 'actor3']);
      expect(types(r)).toContain('round.resolved');
    }
  });

  it('simultaneous: a round whose every actor failed still ends (its turns used up) and the next one begins', () => {
    const r = run(makeSpec({ on_task_failure: 'skip_turn', turn_policy: 'simultaneous', max_turns: 9 }), (t) => t.kind === 'actor.turn' && t.round === 1);
    expect(r.events.filter((e) => e.type === 'turn.skipped').map((e) => e.payload.turn)).toEqual([1, 2, 3]);
    expect(turns(r).map((e) => `${e.payload.round}:${e.payload.turn}`)).toEqual(['2:4', '2:5', '2:6', '3:7', '3:8', '3:9']);
    expect(r.state.status).toBe('completed');
  });

  it('narrator and analyst tasks continue as if their result were empty', () => {
    const failing = new Set(['scene.open', 'round.resolve', 'analysis.checkpoint', 'analysis.report']);
    const r = run(makeSpec({ on_task_failure: 'skip_turn', max_turns: 3, analysis_every_n_turns: 2 }), (t) => failing.has(t.kind));
    expect(types(r)).toEqual([
      'run.started',
      'turn.skipped', // scene.open: the opening situation stands
      'actor.turn',
      'actor.turn',
      'turn.skipped', // checkpoint after turn 2: the round goes on
      'actor.turn',
      'turn.skipped', // round.resolve: the next round would begin, but max_turns is reached
      'turn.skipped', // analysis.report: the run completes without a report
      'run.completed',
    ]);
    expect(r.events.filter((e) => e.type === 'turn.skipped').map((e) => e.payload.task)).toEqual([
      'scene.open',
      'analysis.checkpoint',
      'round.resolve',
      'analysis.report',
    ]);
    expect(r.events.at(-1)).toMatchObject({ payload: { reason: 'max_turns', turns: 3 } });
  });
});

describe('on_task_failure: fallback_line', () => {
  it('round robin: the failed turn is recorded with the fallback line, action speak, fallback: true', () => {
    const r = run(makeSpec({ on_task_failure: 'fallback_line', max_turns: 3 }), firstTurnOf('actor2'));
    expect(turns(r).map((e) => e.payload)).toEqual([
      expect.objectContaining({ turn: 1, content: expect.stringContaining('actor1 speaks') }),
      { turn: 2, round: 1, action: 'speak', content: '(remains silent)', target: null, usage: null, fallback: true },
      expect.objectContaining({ turn: 3, content: expect.stringContaining('actor3 speaks') }),
    ]);
    expect(turns(r)[0]!.payload).not.toHaveProperty('fallback');
    expect(r.state.turns_by_agent.actor2).toBe(1);
    expect(r.state.window.some((w) => w.agent_id === 'actor2' && w.text === '(remains silent)')).toBe(true);
  });

  it('uses the scenario\'s own fallback line', () => {
    const r = run(makeSpec({ on_task_failure: 'fallback_line', fallback_line: 'shrugs and says nothing', max_turns: 2 }), firstTurnOf('actor1'));
    expect(turns(r)[0]).toMatchObject({ agent_id: 'actor1', payload: { content: 'shrugs and says nothing', fallback: true } });
  });

  it('simultaneous: the fallback turn takes its roster place, whether it arrives first or last', () => {
    const spec = makeSpec({ on_task_failure: 'fallback_line', turn_policy: 'simultaneous', max_turns: 3 });
    const strip = (r: Run) => r.events.map(({ at: _at, ...e }) => e);
    const inOrder = run(spec, firstTurnOf('actor2'));
    const reversed = run(spec, firstTurnOf('actor2'), { reverse: true });
    expect(strip(reversed)).toEqual(strip(inOrder));
    expect(turns(inOrder).map((e) => [e.agent_id, e.payload.fallback ?? false])).toEqual([
      ['actor1', false],
      ['actor2', true],
      ['actor3', false],
    ]);
  });

  it('a narrator task falls back to skipping', () => {
    const r = run(makeSpec({ on_task_failure: 'fallback_line', max_turns: 2 }), (t) => t.kind === 'scene.open');
    expect(types(r).slice(0, 3)).toEqual(['run.started', 'turn.skipped', 'actor.turn']);
  });
});

describe('on_task_failure: wait', () => {
  it('keeps waiting for the task; its result (after a requeue) is applied as usual', () => {
    const spec = makeSpec({ on_task_failure: 'wait', max_turns: 2 });
    const start = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now: 0 });
    const open = start.commands.find((c) => c.type === 'schedule')!;
    if (open.type !== 'schedule') throw new Error('expected a task');
    const failed = decide(start.state, { kind: 'task_failed', run_id: RUN_ID, seq: open.task.seq, engine_id: 'e', error }, spec, { now: 1 });
    expect(failed.changed).toBe(false);
    expect(failed.state.pending[String(open.task.seq)]).toBeDefined();
    const later = decide(failed.state, { kind: 'task_result', run_id: RUN_ID, seq: open.task.seq, engine_id: 'e', output: defaultAnswer(open.task), usage: null }, spec, { now: 2 });
    expect(later.commands.map((c) => (c.type === 'emit' ? c.event.type : c.task.kind))).toEqual(['scene.opened', 'actor.turn']);
  });
});
