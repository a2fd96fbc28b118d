/**
 * The deadline of one attempt, as an AbortSignal handed to the client. It fires when the caller aborts
 * or when the attempt has been quiet for `timeoutMs`; `touch()` (called on every streamed chunk) restarts
 * the clock, so a long stream that keeps talking is never cut, but a stalled one is.
 */
export interface AttemptDeadline {
  readonly signal: AbortSignal;
  /** True once the timer (not the caller) ended the attempt. */
  readonly timedOut: boolean;
  touch(): void;
  /** Stops the clock and cancels whatever is still in flight (a stream its reader left early). */
  dispose(): void;
}

export function attemptDeadline(timeoutMs: number, caller?: AbortSignal): AttemptDeadline {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  };
  const onCallerAbort = () => {
    clearTimeout(timer);
    controller.abort(caller?.reason);
  };
  if (caller?.aborted) controller.abort(caller.reason);
  else {
    caller?.addEventListener('abort', onCallerAbort, { once: true });
    arm();
  }
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    touch: () => {
      if (!controller.signal.aborted) arm();
    },
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
      if (!controller.signal.aborted) controller.abort(new Error('attempt finished'));
    },
  };
}
