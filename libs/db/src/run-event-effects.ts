import type { RunEvent, RunStatus } from '@scrai/contracts';

export type TerminalStatus = Extract<RunStatus, 'completed' | 'failed' | 'stopped' | 'budget_exceeded'>;

/** What a batch of newly stored events does to one run's summary row. */
export interface RunEffect {
  run_id: string;
  /** Events of this run that the batch actually inserted (redelivered ones excluded). */
  inserted: number;
  /** `at` of the earliest of them. */
  first_at: string;
  /** Highest actor turn (actor.turn payload.turn, or the final event's payload.turns). */
  max_turn: number | null;
  /** The run.started event, if the batch stored it. */
  started: { at: string; payload: Record<string, unknown> } | null;
  /** The first terminal event of the batch, if any. */
  terminal: { status: TerminalStatus; end_reason: string | null; error: string | null; at: string } | null;
  /** The last run.paused / run.resumed of the batch: the status it leaves, and its seq. */
  control: { status: 'paused' | 'running'; seq: number } | null;
}

const TERMINAL: Record<string, TerminalStatus> = {
  'run.completed': 'completed',
  'run.failed': 'failed',
  'run.stopped': 'stopped',
  'run.budget_exceeded': 'budget_exceeded',
};

const CONTROL: Record<string, 'paused' | 'running'> = {
  'run.paused': 'paused',
  'run.resumed': 'running',
};

const intOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const maxOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

function endReasonOf(status: TerminalStatus, payload: Record<string, unknown>): string | null {
  switch (status) {
    case 'completed':
      return textOrNull(payload.reason);
    case 'failed':
      return 'error';
    case 'stopped':
      return 'stopped';
    case 'budget_exceeded':
      return 'budget_exceeded';
  }
}

/**
 * Folds newly inserted events into one effect per run, in seq order. Pure: reads payload fields
 * defensively (the envelope is validated, the payload is not), so an odd payload changes nothing
 * rather than failing the batch.
 */
export function runEffectsOf(inserted: readonly RunEvent[]): RunEffect[] {
  const byRun = new Map<string, RunEffect>();
  const sorted = [...inserted].sort((a, b) => (a.run_id === b.run_id ? a.seq - b.seq : a.run_id < b.run_id ? -1 : 1));
  for (const e of sorted) {
    let fx = byRun.get(e.run_id);
    if (!fx) {
      fx = { run_id: e.run_id, inserted: 0, first_at: e.at, max_turn: null, started: null, terminal: null, control: null };
      byRun.set(e.run_id, fx);
    }
    fx.inserted++;
    if (e.type === 'run.started') {
      fx.started ??= { at: e.at, payload: e.payload };
    } else if (e.type === 'actor.turn') {
      fx.max_turn = maxOf(fx.max_turn, intOrNull(e.payload.turn));
    } else if (e.type in CONTROL) {
      fx.control = { status: CONTROL[e.type]!, seq: e.seq };
    } else if (e.type in TERMINAL) {
      const status = TERMINAL[e.type]!;
      fx.max_turn = maxOf(fx.max_turn, intOrNull(e.payload.turns));
      fx.terminal ??= {
        status,
        end_reason: endReasonOf(status, e.payload),
        error: textOrNull(status === 'budget_exceeded' ? e.payload.reason : e.payload.error),
        at: e.at,
      };
    }
  }
  return [...byRun.values()];
}
