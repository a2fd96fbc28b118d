import { describe, expect, it } from '@jest/globals';
import type { EngineTask, RunEvent, RunSpec, TaskFailurePolicy } from '@scrai/contracts';
import { decide, type Command, type RunState } from '../src/index.js';
import { RUN_ID, defaultAnswer, makeSpec } from './fixtures.js';

const refusal = { code: 'budget_exceeded', message: "the run's LLM budget would be crossed (tokens: 2900 spent + up to 700 for this call > max_tokens 3000)" };

/** Drives decide() until nothing is queued; the n-th task (1-based) is refused by the budget. */
function run(spec: RunSpec, refusedTask: number) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const first = decide(undefined, { kind: 'start', run_id: RUN_ID, spec }, spec, { now });
  let state: RunState = first.state;
  const events: RunEvent[] = [];
  const tasks: EngineTask[] = [];
  let queue: EngineTask[] = [];
  const take = (cmds: Command[]) => {
    for (const c of cmds) {
      if (c.type === 'emit') events.push(c.event);
      else {
        tasks.push(c.task);
        queue.push(c.task);
      }
    }
  };
  take(first.commands);
  for (let step = 0; step < 1000 && queue.length > 0; step++) {
    const batch = queue;
    queue = [];
    for (const t of batch) {
      now += 1000;
      const input =
        tasks.indexOf(t) + 1 === refusedTask
          ? ({ kind: 'task_failed', run_id: RUN_ID, seq: t.seq, engine_id: 'e1', error: refusal } as const)
          : ({ kind: 'task_result', run_id: RUN_ID, seq: t.seq, engine_id: 'e1', output: defaultAnswer(t), usage: null } as const);
      const d = decide(state, input, spec, { now });
      state = d.state;
      take(d.commands);
    }
  }
  return { state, events, tasks };
}

describe('a task refused by the run budget', () => {
  it('ends the run with status budget_exceeded and run.budget_exceeded, whatever on_task_failure says, with no final report', () => {
    const policies: (TaskFailurePolicy | undefined)[] = [undefined, 'fail', 'skip_turn', 'fallback_line', 'wait'];
    for (const on_task_failure of policies) {
      const spec = makeSpec({ budget: { max_tokens: 3000 }, ...(on_task_failure ? { on_task_failure } : {}) });
      const r = run(spec, 4);
      expect(r.state.status).toBe('budget_exceeded');
      expect(r.state.end_reason).toBe('budget_exceeded');
      expect(r.state.phase).toBe('done');
      expect(Object.keys(r.state.pending)).toEqual([]);
      expect(r.events.at(-1)).toMatchObject({ type: 'run.budget_exceeded', payload: { reason: refusal.message, turns: 2 } });
      expect(r.events.filter((e) => e.type === 'analysis.report')).toEqual([]);
      expect(r.tasks).toHaveLength(4);
    }
  });

  it('hands the budget to every task, and leaves tasks of an unbudgeted run unchanged', () => {
    const budgeted = run(makeSpec({ budget: { max_cost_usd: 0.5 } }), 0);
    expect(budgeted.tasks.every((t) => t.scenario.budget?.max_cost_usd === 0.5)).toBe(true);
    const plain = run(makeSpec(), 0);
    expect(plain.tasks.every((t) => !('budget' in t.scenario))).toBe(true);
    expect(plain.state.status).toBe('completed');
  });
});
