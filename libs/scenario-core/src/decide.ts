import {
  actorTurnOutputSchema,
  checkpointOutputSchema,
  eventUsageOf,
  type EventUsage,
  narrationOutputSchema,
  reportOutputSchema,
  type OrchestratorInput,
  type RunSpec,
} from '@scrai/contracts';
import type { DecideContext, Decision, RunState } from './run-state.js';
import { Draft } from './draft.js';
import { complete, fail, stop } from './run-lifecycle.js';
import { afterParallelTurn, afterSequentialTurn } from './actor-turns.js';
import { afterResolution, beginRound, endRound, nextInRound } from './round-flow.js';
import { appendToWindow } from './transcript-window.js';
import { startRun } from './start-run.js';
import { stoppedBeforeStart } from './initial-state.js';
import { applyTaskFailure } from './task-failure.js';
import { pauseRun, resumeRun } from './pause-resume.js';
import { injectEvent } from './injection.js';

const unchanged = (state: RunState): Decision => ({ state, commands: [], changed: false });

/**
 * The deterministic heart of a run: (state, input, spec, now) → (next state, commands). No I/O, no
 * clock, no randomness beyond the run's seed. Duplicate or late inputs change nothing.
 */
export function decide(state: RunState | undefined, input: OrchestratorInput, spec: RunSpec | undefined, ctx: DecideContext): Decision {
  if (!state) {
    if (input.kind === 'start') return startRun(input.spec, ctx);
    if (input.kind === 'stop') return stoppedBeforeStart(input.run_id, input.reason, ctx);
    throw new Error(`input ${input.kind} for run ${input.run_id} that has no state`);
  }
  if ((state.status !== 'running' && state.status !== 'paused') || input.kind === 'start') return unchanged(state);
  if (!spec) throw new Error(`spec of run ${state.run_id} is required`);
  const d = new Draft(structuredClone(state), spec, ctx.now);
  if (state.status === 'running' && ctx.now >= state.deadline_at) {
    complete(d, 'timeout');
    return { state: d.state, commands: d.commands, changed: true };
  }
  switch (input.kind) {
    case 'timeout':
      return unchanged(state);
    case 'stop':
      stop(d, input.reason);
      break;
    case 'pause':
      if (!pauseRun(d, input.request_id, input.reason)) return unchanged(state);
      break;
    case 'resume':
      if (!resumeRun(d, input.request_id)) return unchanged(state);
      break;
    case 'inject':
      if (!injectEvent(d, input.injection_id, input.injection)) return unchanged(state);
      break;
    case 'task_failed': {
      const pending = d.state.pending[String(input.seq)];
      if (!pending) return unchanged(state);
      if (!applyTaskFailure(d, input.seq, pending, input.error)) return unchanged(state);
      break;
    }
    case 'task_result': {
      const pending = d.state.pending[String(input.seq)];
      if (!pending) return unchanged(state);
      delete d.state.pending[String(input.seq)];
      applyResult(d, pending.kind, pending.agent_id, input.seq, input.output, input.usage ? eventUsageOf(input.usage) : null);
      break;
    }
  }
  return { state: d.state, commands: d.commands, changed: true };
}

function applyResult(d: Draft, kind: string, agentId: string, taskSeq: number, output: unknown, usage: EventUsage | null): void {
  const s = d.state;
  switch (kind) {
    case 'scene.open': {
      const r = narrationOutputSchema.safeParse(output);
      if (!r.success) return fail(d, `invalid_output: narrator ${agentId} opening`);
      const seq = d.emit('scene.opened', agentId, { narration: r.data.narration, round: 0, usage }, taskSeq);
      appendToWindow(s, { seq, agent_id: agentId, kind: 'scene.opened', text: r.data.narration }, d.spec.scenario.context_window);
      return beginRound(d);
    }
    case 'actor.turn': {
      const r = actorTurnOutputSchema.safeParse(output);
      if (!r.success) return fail(d, `invalid_output: actor ${agentId} turn`);
      if (d.spec.scenario.turn_policy === 'simultaneous') return afterParallelTurn(d, agentId, taskSeq, r.data, usage);
      return afterSequentialTurn(d, agentId, taskSeq, r.data, usage);
    }
    case 'round.resolve': {
      const r = narrationOutputSchema.safeParse(output);
      if (!r.success) return fail(d, `invalid_output: narrator ${agentId} resolution`);
      const seq = d.emit('round.resolved', agentId, {
        round: s.round,
        narration: r.data.narration,
        scene_concluded: r.data.scene_concluded,
        usage,
      }, taskSeq);
      appendToWindow(s, { seq, agent_id: agentId, kind: 'round.resolved', text: r.data.narration }, d.spec.scenario.context_window);
      return afterResolution(d, r.data.scene_concluded);
    }
    case 'analysis.checkpoint': {
      const r = checkpointOutputSchema.safeParse(output);
      if (!r.success) return fail(d, `invalid_output: analyst ${agentId} checkpoint`);
      d.emit('analysis.checkpoint', agentId, { turn: s.turns, summary: r.data.summary, metrics: r.data.metrics, usage }, taskSeq);
      s.last_checkpoint_turn = s.turns;
      const resume = s.resume_after_checkpoint;
      s.resume_after_checkpoint = null;
      return resume === 'end_round' ? endRound(d) : nextInRound(d);
    }
    case 'analysis.report': {
      const r = reportOutputSchema.safeParse(output);
      if (!r.success) return fail(d, `invalid_output: analyst ${agentId} report`);
      d.emit('analysis.report', agentId, {
        turns: s.turns,
        report: r.data.report,
        highlights: r.data.highlights,
        metrics: r.data.metrics,
        usage,
      }, taskSeq);
      return complete(d, s.end_reason ?? 'max_turns');
    }
  }
}
