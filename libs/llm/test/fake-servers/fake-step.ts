/** What a fake provider does with one request; steps are taken in order, then the default repeats. */
export type FakeStep =
  /** A normal answer; streamed (SSE / NDJSON) when the request asked for a stream. */
  | { kind: 'answer'; text?: string; finish?: string; usage?: { in: number; out: number } }
  | { kind: 'rate_limit'; retryAfter?: string; retryAfterMs?: string }
  /** The provider's quota / spend-exhausted answer (status defaults to the provider's real one). */
  | { kind: 'quota'; status?: number }
  | { kind: 'error'; status: number; message?: string }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Start the answer (status, headers, the first deltas) and then drop the connection. */
  | { kind: 'cut'; text?: string }
  /** Start the answer like `cut`, then go silent with the connection open. */
  | { kind: 'stall'; text?: string };

export const DEFAULT_ANSWER: FakeStep = { kind: 'answer', text: 'Hello from the fake. How are you?', finish: 'stop' };

/** The answer's text split into word-sized deltas, as a provider streams it. */
export const deltasOf = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];
