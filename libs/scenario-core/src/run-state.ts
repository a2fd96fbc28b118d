import type { EndReason, EngineTask, RunEvent, RunStatus, TaskKind, TranscriptEntry } from '@scrai/contracts';

/** A task the run is waiting for. */
export interface PendingTask {
  kind: TaskKind;
  agent_id: string;
  round: number;
}

/**
 * A paused run: since when and why, and the tasks it would have scheduled meanwhile, in order. Tasks
 * already in flight complete and are recorded; what comes next is held here until resume.
 */
export interface PausedRun {
  since: number;
  reason: string;
  held: Array<{ kind: TaskKind; agent_id: string }>;
}

export type Phase = 'opening' | 'acting' | 'resolving' | 'analyzing' | 'reporting' | 'done';

/**
 * Everything decide() needs to continue a run, and nothing else (the immutable RunSpec is passed
 * beside it). Plain JSON: it is stored in KV and compared byte for byte by replay tests.
 */
export interface RunState {
  v: 1;
  run_id: string;
  status: RunStatus;
  phase: Phase;
  seed: number;
  round: number;
  turns: number;
  next_event_seq: number;
  next_task_seq: number;
  /** In-flight tasks by task seq. */
  pending: Record<string, PendingTask>;
  /** Simultaneous policy: results of this round, held until the round is complete. */
  buffered: Record<string, unknown>;
  /** Round robin: actors still to act in this round, in order. */
  round_queue: string[];
  /** Where to continue after a checkpoint. */
  resume_after_checkpoint: 'continue_round' | 'end_round' | null;
  done_agents: string[];
  turns_by_agent: Record<string, number>;
  actions: Record<string, number>;
  last_checkpoint_turn: number;
  window: TranscriptEntry[];
  end_reason: EndReason | null;
  error: string | null;
  started_at: number;
  deadline_at: number;
  /** Present while the status is paused (pause-resume.ts). */
  paused?: PausedRun;
  /** Ids of the pause, resume and inject requests applied, newest last (bounded): a repeat changes nothing. */
  control_ids?: string[];
}

export type Command = { type: 'emit'; event: RunEvent } | { type: 'schedule'; task: EngineTask };

export interface Decision {
  state: RunState;
  commands: Command[];
  /** False when the input changed nothing (a duplicate or a late result): nothing to write. */
  changed: boolean;
}

/** Time comes from the caller: decide() never reads a clock. */
export interface DecideContext {
  now: number;
}
