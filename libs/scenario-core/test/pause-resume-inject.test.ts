import { describe, expect, it } from '@jest/globals';
import type { EngineTask, Injection, OrchestratorInput, RunEvent, RunSpec } from '@scrai/contracts';
import { decide, type Decision, type RunState } from '../src/index.js';
import { RUN_ID, defaultAnswer, makeSpec } from './fixtures.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Drives decide() by hand: tasks in flight are answered one at a time, oldest first; controls go in between. */
function driver(spec: RunSpec) {
  let now = T0;
  let state: RunState | undefined;
  const events: RunEvent[] = [];
  const tasks: EngineTask[] = [];
  let inFlight: EngineTask[] = [];
  const apply = (input: OrchestratorInput): Decision => {
    now += 250;
    const d = decide(state, input, spec, { now });
    state = d.state;
    for (const c of d.commands) {
      if (c.type === 'emit') events.push(c.event);
      else {
        tasks.push(c.task);
        inFlight.push(c.task);
      }
    }
    return d;
  };
  apply({ kind: 'start', run_id: RUN_ID, spec });
  let controls = 0;
  return {
    events,
    tasks,
    get state() {
      return state!;
    },
    get inFlight() {
      return inFlight;
    },
    wait(ms: number) {
      now += ms;
    },
    apply,
    answer(n = 1) {
      for (let i = 0; i < n; i++) {
        const t = inFlight.shift()!;
        apply({ kind: 'task_result', run_id: RUN_ID, seq: t.seq, engine_id: 'e1', output: defaultAnswer(t), usage: null });
      }
    },
    toEnd() {
      while (inFlight.length > 0) this.answer();
    },
    pause: (requestId = id(100 + ++controls)) => apply({ kind: 'pause', run_id: RUN_ID, request_id: requestId, reason: 'coffee' }),
    resume: (requestId = id(100 + ++controls)) => apply({ kind: 'resume', run_id: RUN_ID, request_id: requestId }),
    inject: (injectionId: string, injection: Injection) => apply({ kind: 'inject', run_id: RUN_ID, injection_id: injectionId, injection }),
    drop() {
      inFlight = [];
    },
  };
}

const CONTROL = ['run.paused', 'run.resumed'];
/** The log as a reader compares it: no times, no seqs (control events shift them), no control events. */
const transcriptOf = (events: RunEvent[]) =>
  events.filter((e) => !CONTROL.includes(e.type)).map((e) => ({ type: e.type, agent_id: e.agent_id, task_seq: e.task_seq, payload: e.payload }));
/** What a task asks: everything but the seq numbers of the transcript lines it carries. */
const taskView = (t: EngineTask) => ({ ...t, transcript: t.transcript.map((e) => ({ agent_id: e.agent_id, kind: e.kind, text: e.text })) });

describe.each(['round_robin', 'simultaneous'] as const)('pause and resume (%s)', (policy) => {
  const spec = makeSpec({ turn_policy: policy, max_turns: 9, analysis_every_n_turns: 4 });

  it('pausing mid-round holds what comes next, records what was in flight, and resumes exactly where it stopped', () => {
    const plain = driver(spec);
    plain.toEnd();
    expect(plain.state.status).toBe('completed');

    const r = driver(spec);
    r.answer(1); // the scene is open, round 1 is being played
    expect(r.inFlight.length).toBeGreaterThan(0);
    const inFlight = r.inFlight.length;
    const tasksBefore = r.tasks.length;
    r.pause();
    expect(r.state.status).toBe('paused');
    expect(r.events.at(-1)).toMatchObject({ type: 'run.paused', payload: { reason: 'coffee' } });
    r.answer(inFlight); // what was in flight completes and is recorded ...
    expect(r.events.filter((e) => e.type === 'actor.turn')).toHaveLength(policy === 'simultaneous' ? 3 : 1);
    expect(r.tasks).toHaveLength(tasksBefore); // ... but nothing new is scheduled
    expect(r.inFlight).toEqual([]);
    expect(r.state.paused?.held).toHaveLength(1);
    r.wait(60_000);
    r.resume();
    expect(r.state.status).toBe('running');
    expect(r.events.at(-1)).toMatchObject({ type: 'run.resumed' });
    expect(r.inFlight).toHaveLength(1);
    r.toEnd();

    expect(r.state.status).toBe('completed');
    expect(r.events.filter((e) => CONTROL.includes(e.type)).map((e) => e.type)).toEqual(CONTROL);
    expect(transcriptOf(r.events)).toEqual(transcriptOf(plain.events));
    expect(r.tasks.map(taskView)).toEqual(plain.tasks.map(taskView));
    expect(r.events.map((e) => e.seq)).toEqual(r.events.map((_, i) => i + 1));
  });

  it('survives several pauses in a row, each its own request', () => {
    const plain = driver(spec);
    plain.toEnd();
    const r = driver(spec);
    for (let i = 0; i < 3 && r.inFlight.length > 0; i++) {
      r.pause();
      r.answer(r.inFlight.length);
      r.resume();
      r.answer(1);
    }
    r.toEnd();
    expect(r.events.filter((e) => e.type === 'run.paused')).toHaveLength(3);
    expect(transcriptOf(r.events)).toEqual(transcriptOf(plain.events));
  });
});

describe('pause and resume: edges', () => {
  const spec = makeSpec({ max_turns: 6, timeout_seconds: 60 });

  it('moves the deadline by the paused time, and a timer firing meanwhile changes nothing', () => {
    const r = driver(spec);
    const deadline = r.state.deadline_at;
    r.pause();
    r.wait(10 * 60_000); // far past the original deadline
    expect(r.apply({ kind: 'timeout', run_id: RUN_ID }).changed).toBe(false);
    r.answer(1); // the opening was in flight: recorded even after the deadline, since the run is paused
    expect(r.state.status).toBe('paused');
    const resumed = r.resume();
    const pausedMs = (resumed.commands[0] as { event: RunEvent }).event.payload.paused_ms as number;
    expect(pausedMs).toBeGreaterThan(10 * 60_000);
    expect(r.state.deadline_at).toBe(deadline + pausedMs);
    r.toEnd();
    expect(r.events.at(-1)).toMatchObject({ type: 'run.completed', payload: { reason: 'max_turns' } });
  });

  it('ignores a repeated or out-of-place request', () => {
    const r = driver(spec);
    expect(r.resume().changed).toBe(false); // not paused
    expect(r.pause(id(1)).changed).toBe(true);
    expect(r.pause(id(2)).changed).toBe(false); // already paused
    expect(r.resume(id(3)).changed).toBe(true);
    expect(r.pause(id(1)).changed).toBe(false); // the first pause, redelivered late
    expect(r.resume(id(3)).changed).toBe(false);
    expect(r.events.filter((e) => CONTROL.includes(e.type))).toHaveLength(2);
  });

  it('stops while paused, and nothing held is ever scheduled', () => {
    const r = driver(spec);
    r.pause();
    r.answer(1);
    expect(r.state.paused?.held).toHaveLength(1);
    r.apply({ kind: 'stop', run_id: RUN_ID, reason: 'enough' });
    expect(r.state.status).toBe('stopped');
    expect(r.state.paused).toBeUndefined();
    expect(r.resume().changed).toBe(false);
    expect(r.inFlight).toEqual([]);
    expect(r.events.at(-1)).toMatchObject({ type: 'run.stopped', payload: { reason: 'enough' } });
  });

  it('fails while paused when a task in flight fails', () => {
    const r = driver(spec);
    r.pause();
    const t = r.inFlight[0]!;
    r.apply({ kind: 'task_failed', run_id: RUN_ID, seq: t.seq, engine_id: 'e1', error: { code: 'x', message: 'y' } });
    expect(r.state.status).toBe('failed');
    expect(r.state.paused).toBeUndefined();
  });
});

describe('live injection', () => {
  const twist: Injection = { kind: 'narrator_twist', content: 'The lights go out.', author: null, target: null };

  it('is recorded as run.injected and every later task sees it as a narrator line', () => {
    const spec = makeSpec({ turn_policy: 'simultaneous', max_turns: 9 });
    const r = driver(spec);
    r.answer(1); // round 1 scheduled: three actor tasks in flight
    const earlier = [...r.inFlight];
    r.inject(id(7), twist);
    const injected = r.events.at(-1)!;
    expect(injected).toMatchObject({
      type: 'run.injected',
      agent_id: null,
      payload: { injection_id: id(7), kind: 'narrator_twist', content: 'The lights go out.', author: 'narrator', target: null },
    });
    expect(injected.task_seq).toBeUndefined();
    const sees = (t: EngineTask) => t.transcript.some((e) => e.seq === injected.seq && e.agent_id === 'narrator' && e.text === 'The lights go out.');
    for (const t of earlier) expect(sees(t)).toBe(false); // already scheduled before it happened
    r.toEnd();
    const later = r.tasks.filter((t) => t.seq > earlier.at(-1)!.seq);
    expect(later.length).toBeGreaterThan(0);
    expect(later.slice(0, 4).every(sees)).toBe(true);
  });

  it('shows a user message from its author, addressed to its target, and an intervention from the moderator', () => {
    const r = driver(makeSpec({ max_turns: 3 }));
    r.inject(id(8), { kind: 'user_message', content: 'What about the budget?', author: 'ada', target: 'actor2' });
    r.inject(id(9), { kind: 'intervention', content: 'Keep it civil.', author: null, target: null });
    r.answer(1);
    const next = r.inFlight[0]!;
    const tail = next.transcript.slice(-3).map((e) => ({ agent_id: e.agent_id, kind: e.kind, text: e.text }));
    expect(tail).toEqual([
      { agent_id: 'ada', kind: 'injected.user_message', text: '(to actor2) What about the budget?' },
      { agent_id: 'moderator', kind: 'injected.intervention', text: 'Keep it civil.' },
      { agent_id: 'narrator', kind: 'scene.opened', text: 'round 0 narration' },
    ]);
  });

  it('is applied once per injection id', () => {
    const r = driver(makeSpec());
    expect(r.inject(id(7), twist).changed).toBe(true);
    expect(r.inject(id(7), twist).changed).toBe(false);
    expect(r.events.filter((e) => e.type === 'run.injected')).toHaveLength(1);
  });

  it('reaches a paused run, and the held tasks see it on resume', () => {
    const r = driver(makeSpec());
    r.pause();
    r.answer(1);
    r.inject(id(7), twist);
    r.resume();
    expect(r.inFlight[0]!.transcript.map((e) => e.text)).toContain('The lights go out.');
  });

  it('changes nothing once the run has ended', () => {
    const r = driver(makeSpec({ max_turns: 3 }));
    r.toEnd();
    expect(r.state.status).toBe('completed');
    expect(r.inject(id(7), twist).changed).toBe(false);
    expect(r.pause().changed).toBe(false);
  });
});

describe('events carry the task they record', () => {
  it('every event produced from a task names its task seq; the others do not', () => {
    const r = driver(makeSpec({ turn_policy: 'simultaneous', max_turns: 6, analysis_every_n_turns: 3 }));
    r.toEnd();
    const kindOf: Record<string, string> = {
      'scene.opened': 'scene.open',
      'actor.turn': 'actor.turn',
      'round.resolved': 'round.resolve',
      'analysis.checkpoint': 'analysis.checkpoint',
      'analysis.report': 'analysis.report',
    };
    const bySeq = new Map(r.tasks.map((t) => [t.seq, t]));
    for (const e of r.events) {
      if (!kindOf[e.type]) {
        expect(e.task_seq).toBeUndefined();
        continue;
      }
      const t = bySeq.get(e.task_seq!)!;
      expect({ agent: t.agent.id, kind: t.kind }).toEqual({ agent: e.agent_id, kind: kindOf[e.type] });
    }
    expect(r.events.filter((e) => e.type === 'analysis.checkpoint')).toHaveLength(1);
    expect(new Set(r.events.filter((e) => e.type === 'actor.turn').map((e) => e.task_seq)).size).toBe(6);
  });
});
