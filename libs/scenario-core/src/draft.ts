import { ACTOR_ACTIONS, DEFAULT_LLM_CACHE_MODE, eventIdOf, isoTime, taskIdOf, type RunEventType, type RunSpec, type TaskKind } from '@scrai/contracts';
import type { Command, RunState } from './run-state.js';
import { maxRoundsOf, rosterOf } from './roster.js';
import { settingsAt, turnsBeforeTask } from './fork-point.js';
import { taskSeed } from './task-seed.js';
import { statsOf, visibleWindow } from './transcript-window.js';

/** A decision in progress: a copy of the state and the commands emitted so far. */
export class Draft {
  readonly commands: Command[] = [];
  constructor(
    readonly state: RunState,
    readonly spec: RunSpec,
    readonly now: number,
  ) {}

  /** Appends an event to the log; `taskSeq` names the task whose result it records. */
  emit(type: RunEventType, agentId: string | null, payload: Record<string, unknown>, taskSeq?: number): number {
    const seq = this.state.next_event_seq++;
    this.commands.push({
      type: 'emit',
      event: {
        id: eventIdOf(this.state.run_id, seq),
        run_id: this.state.run_id,
        seq,
        type,
        at: isoTime(this.now),
        agent_id: agentId,
        ...(taskSeq !== undefined ? { task_seq: taskSeq } : {}),
        payload,
      },
    });
    return seq;
  }

  /** Schedules a task, or holds it while the run is paused (it is scheduled on resume). */
  schedule(kind: TaskKind, agentId: string): void {
    if (this.state.paused) {
      this.state.paused.held.push({ kind, agent_id: agentId });
      return;
    }
    // a fork's changes apply to the tasks after its fork point (fork-point.ts)
    const at = settingsAt(this.spec, this.state.seed, turnsBeforeTask(this.spec, this.state, kind));
    const agent = at.agents.find((a) => a.id === agentId);
    if (!agent) throw new Error(`unknown agent ${agentId}`);
    const seq = this.state.next_task_seq++;
    this.state.pending[String(seq)] = { kind, agent_id: agentId, round: this.state.round };
    const s = this.spec.scenario;
    this.commands.push({
      type: 'schedule',
      task: {
        task_id: taskIdOf(this.state.run_id, seq),
        run_id: this.state.run_id,
        seq,
        kind,
        engine_type: agent.engine_type,
        agent,
        scenario: {
          name: s.name,
          description: s.description,
          opening_situation: s.opening_situation,
          turn_policy: s.turn_policy,
          ...(s.actor_actions && s.actor_actions.length < ACTOR_ACTIONS.length ? { actor_actions: s.actor_actions } : {}),
          ...(s.llm_cache && s.llm_cache !== DEFAULT_LLM_CACHE_MODE ? { llm_cache: s.llm_cache } : {}),
          ...(s.budget ? { budget: s.budget } : {}),
        },
        participants: at.agents.map((a) => ({ id: a.id, engine_type: a.engine_type, role: a.persona.role })),
        transcript: visibleWindow(this.state.window, agent, s.context_window),
        round: this.state.round,
        turn: this.state.turns,
        max_turns: at.toldMaxTurns,
        max_rounds: maxRoundsOf(this.spec, at.toldMaxTurns),
        stats: statsOf(this.state),
        seed: taskSeed(at.seed, seq),
      },
    });
  }

  get roster() {
    return rosterOf(this.spec);
  }
}
