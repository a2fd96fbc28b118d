import type { OrchestratorInput, RunSpec } from '@scrai/contracts';
import { decide, type Command, type RunState } from '../src/index.js';

/** A recorded run: every input decide() saw, with its time, and the commands it produced. */
export interface RecordedRun {
  spec: RunSpec;
  steps: Array<{ now: number; input: OrchestratorInput; commands: Command[] }>;
}

export function replay(rec: RecordedRun): { commands: Command[][]; state: RunState | undefined } {
  let state: RunState | undefined;
  const commands: Command[][] = [];
  for (const step of rec.steps) {
    const d = decide(state, step.input, rec.spec, { now: step.now });
    state = d.state;
    commands.push(d.commands);
  }
  return { commands, state };
}
