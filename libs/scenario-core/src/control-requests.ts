import type { RunState } from './run-state.js';

/** How many control request ids a run remembers; a repeat older than that is caught by the status checks. */
const REMEMBERED = 200;

/**
 * Notes that a pause, resume or inject request is being applied. False when it already was: the
 * broker dedupes a repeated publish for a while, this catches a redelivery after that.
 */
export function firstTimeOf(state: RunState, requestId: string): boolean {
  const ids = (state.control_ids ??= []);
  if (ids.includes(requestId)) return false;
  ids.push(requestId);
  if (ids.length > REMEMBERED) ids.splice(0, ids.length - REMEMBERED);
  return true;
}
