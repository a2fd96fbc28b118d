/**
 * The fetch one Ollama call runs on. The `ollama` client has no timeout and passes no signal to plain
 * calls, and its ResponseError drops the response headers (so `retry-after` would be lost): this wrapper
 * puts the attempt's deadline on every request and remembers the last response for the classifier.
 */
export interface CallFetch {
  fetch: typeof fetch;
  lastResponse(): Response | null;
}

export function callFetch(base: typeof fetch, deadline: AbortSignal): CallFetch {
  let last: Response | null = null;
  return {
    fetch: async (input, init) => {
      const signal = init?.signal ? AbortSignal.any([deadline, init.signal]) : deadline;
      last = await base(input, { ...init, signal });
      return last;
    },
    lastResponse: () => last,
  };
}
